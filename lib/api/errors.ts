// The one place that turns anything thrown by a route into an HTTP status and an {errorCode, message} body.
import { isErrorNamed, type InvalidInstanceIdError } from '../engine/errors';
import type { ErrorBody } from './dto';
import { isDatabaseUnavailable } from './database-errors';

/** The operations of the workflow API; each has Dapr's error code for "that operation failed". */
export type ApiOperation = 'start' | 'get' | 'terminate' | 'pause' | 'resume' | 'raiseEvent' | 'purge';

/** Dapr's per-operation error codes, used for conflicts and rejected starts. */
export const OPERATION_ERROR_CODES: Record<ApiOperation, string> = {
  start: 'ERR_START_WORKFLOW',
  get: 'ERR_GET_WORKFLOW',
  terminate: 'ERR_TERMINATE_WORKFLOW',
  pause: 'ERR_PAUSE_WORKFLOW',
  resume: 'ERR_RESUME_WORKFLOW',
  raiseEvent: 'ERR_RAISE_EVENT_WORKFLOW',
  purge: 'ERR_PURGE_WORKFLOW',
};

/** An error a route raises on purpose, with the status and code the client sees. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A status, body and extra headers for an error response. */
export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** Where unexpected errors are reported (server-side only); replaceable in tests. */
export type ErrorLogger = (message: string, error: unknown) => void;

const defaultLogger: ErrorLogger = (message, error) => console.error(`[flowdeck] ${message}`, error);

/**
 * Maps an error to the response the client gets. Named engine errors keep their (safe) messages;
 * anything unknown becomes 500 ERR_INTERNAL "internal error" and is logged, never shown.
 */
export function mapError(error: unknown, operation?: ApiOperation, log: ErrorLogger = defaultLogger): MappedError {
  const known = mapKnownError(error, operation);
  if (known) return known;
  if (isDatabaseUnavailable(error)) {
    log('database unavailable', error);
    return mapped(503, 'ERR_DATABASE_UNAVAILABLE', 'the database is unavailable; try again shortly', { 'Retry-After': '5' });
  }
  log('unexpected error in API route', error);
  return mapped(500, 'ERR_INTERNAL', 'internal error');
}

function mapKnownError(error: unknown, operation: ApiOperation | undefined): MappedError | undefined {
  if (error instanceof ApiError || isErrorNamed(error, 'ApiError')) {
    const e = error as ApiError;
    return mapped(e.status, e.errorCode, e.message, e.headers);
  }
  const opCode = operation ? OPERATION_ERROR_CODES[operation] : 'ERR_CONFLICT';
  if (isErrorNamed(error, 'InstanceNotFoundError')) return mapped(404, 'ERR_INSTANCE_ID_NOT_FOUND', error.message);
  if (isErrorNamed(error, 'InvalidInstanceIdError')) {
    const tooLong = (error as InvalidInstanceIdError).reason === 'too_long';
    return mapped(400, tooLong ? 'ERR_INSTANCE_ID_TOO_LONG' : 'ERR_INSTANCE_ID_INVALID', error.message);
  }
  if (isErrorNamed(error, 'InstanceAlreadyExistsError')) return mapped(409, opCode, error.message);
  if (isErrorNamed(error, 'InvalidInstanceStatusError')) return mapped(409, opCode, error.message);
  if (isErrorNamed(error, 'UnknownWorkflowError')) return mapped(400, opCode, error.message);
  if (isErrorNamed(error, 'PayloadTooLargeError')) return mapped(413, 'ERR_PAYLOAD_TOO_LARGE', error.message);
  if (isErrorNamed(error, 'PayloadNotSerializableError')) return mapped(400, 'ERR_MALFORMED_REQUEST', error.message);
  if (isErrorNamed(error, 'DatabaseConfigError')) {
    return mapped(503, 'ERR_DATABASE_UNAVAILABLE', error.message, { 'Retry-After': '5' });
  }
  return undefined;
}

function mapped(status: number, errorCode: string, message: string, headers: Record<string, string> = {}): MappedError {
  return { status, body: { errorCode, message }, headers };
}

/** The JSON response for an error (see mapError). */
export function errorResponse(error: unknown, operation?: ApiOperation): Response {
  const { status, body, headers } = mapError(error, operation);
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}
