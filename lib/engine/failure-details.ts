/** Why a task or an instance failed: the error's type, message and stack, as Dapr reports them. */
export interface FailureDetails {
  errorType: string;
  message: string;
  stackTrace?: string;
}

/** Turns anything thrown into failure details without losing its name, message or stack. */
export function toFailureDetails(error: unknown): FailureDetails {
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', message: error.message, stackTrace: error.stack };
  }
  return { errorType: 'Error', message: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
}
