/** An error answer of the API ({errorCode, message}) or a network failure, with the HTTP status (0 when none). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is an ApiError. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True when the API said the instance is gone or has moved past what was asked (404 or 409). */
export function isGoneOrConflict(error: unknown): boolean {
  return isApiError(error) && (error.status === 404 || error.status === 409);
}

/** A sentence a person can read for any error thrown by the client helpers. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.status ? `${error.message} (${error.errorCode}, HTTP ${error.status})` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
