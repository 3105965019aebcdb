// The one place that turns anything thrown by a route or a gRPC call into a status and an {errorCode, message}.
import { isErrorNamed, type InvalidInstanceIdError } from '../engine/errors';
import type { ErrorBody } from './dto';
import { databaseFaultOf, type DatabaseFault, type DatabaseFaultKind } from '../store/database-faults';
import { ERROR_CODES, GRPC_STATUS, statusOf, type ErrorCode, type ErrorCodeStatus } from './error-codes';
import { observeDatabaseError } from '../observability/process-metrics';

/** The operations of the workflow API; each has Dapr's error code for "that operation failed". */
export type ApiOperation = 'start' | 'get' | 'terminate' | 'pause' | 'resume' | 'raiseEvent' | 'purge';

/** Dapr's per-operation error codes, used for conflicts and rejected starts. */
export const OPERATION_ERROR_CODES: Record<ApiOperation, ErrorCode> = {
  start: 'ERR_START_WORKFLOW',
  get: 'ERR_GET_WORKFLOW',
  terminate: 'ERR_TERMINATE_WORKFLOW',
  pause: 'ERR_PAUSE_WORKFLOW',
  resume: 'ERR_RESUME_WORKFLOW',
  raiseEvent: 'ERR_RAISE_EVENT_WORKFLOW',
  purge: 'ERR_PURGE_WORKFLOW',
};

/** An error a route raises on purpose, with the code the client sees; its statuses come from the code table. */
export class ApiError extends Error {
  override name = 'ApiError';
  /** The HTTP status of `errorCode`. */
  readonly status: number;
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusOf(errorCode).http;
  }
}

/** 405 ERR_METHOD_NOT_ALLOWED for `method` (on `path`, when given), with an Allow header listing `allowed`. */
export function methodNotAllowedError(method: string, allowed: readonly string[], path?: string): ApiError {
  const where = path === undefined ? 'here' : `on ${path}`;
  return new ApiError('ERR_METHOD_NOT_ALLOWED', `${method} is not allowed ${where}; use ${allowed.join(' or ')}`, { Allow: allowed.join(', ') });
}

/** A status, body and extra headers for an error response. */
export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** A gRPC status code and message for an error, and the error code behind it. */
export interface GrpcMappedError {
  code: number;
  details: string;
  errorCode: ErrorCode;
}

/** Where unexpected errors are reported (server-side only); replaceable in tests. */
export type ErrorLogger = (message: string, error: unknown) => void;

const defaultLogger: ErrorLogger = (message, error) => console.error(`[flowdeck] ${message}`, error);

/** An error sorted into its code, message, statuses and headers (before choosing HTTP or gRPC). */
interface ClassifiedError {
  errorCode: ErrorCode;
  message: string;
  statuses: ErrorCodeStatus;
  headers: Record<string, string>;
}

/**
 * Maps an error to the response the client gets. Named engine errors keep their (safe) messages;
 * anything unknown becomes 500 ERR_INTERNAL "internal error" and is logged, never shown.
 */
export function mapError(error: unknown, operation?: ApiOperation, log: ErrorLogger = defaultLogger): MappedError {
  const c = classifyError(error, operation, log);
  return { status: c.statuses.http, body: { errorCode: c.errorCode, message: c.message }, headers: c.headers };
}

/**
 * The gRPC form of mapError, from the same table: unknown instance NOT_FOUND, live duplicate ALREADY_EXISTS,
 * invalid ID or payload INVALID_ARGUMENT, a status that forbids the operation FAILED_PRECONDITION, database
 * down UNAVAILABLE, missing or wrong token UNAUTHENTICATED, anything else INTERNAL "internal error" (logged).
 */
export function mapErrorToGrpc(error: unknown, operation?: ApiOperation, log: ErrorLogger = defaultLogger): GrpcMappedError {
  const c = classifyError(error, operation, log);
  return { code: GRPC_STATUS[c.statuses.grpc], details: c.message, errorCode: c.errorCode };
}

/** What a client is told to wait for, after the fault's own sentence. */
const FAULT_ADVICE: Record<DatabaseFaultKind, string> = {
  busy: 'try again shortly',
  'read-only': 'try again once it is writable',
  'disk-full': 'try again once space is freed',
  'disk-io': 'try again shortly',
  'shutting-down': 'try again shortly',
  unreachable: 'try again shortly',
};

/** How long a client should wait before trying again after each fault (Retry-After, seconds). */
const FAULT_RETRY_AFTER_S: Record<DatabaseFaultKind, number> = { busy: 1, 'read-only': 5, 'disk-full': 5, 'disk-io': 5, 'shutting-down': 5, unreachable: 5 };

/** The 503 ERR_DATABASE_UNAVAILABLE answer for a database fault: its sentence, what to wait for, and Retry-After. */
export function databaseFaultError(fault: DatabaseFault): ApiError {
  return new ApiError('ERR_DATABASE_UNAVAILABLE', `${fault.message}; ${FAULT_ADVICE[fault.kind]}`, { 'Retry-After': String(FAULT_RETRY_AFTER_S[fault.kind]) });
}

function classifyError(error: unknown, operation: ApiOperation | undefined, log: ErrorLogger): ClassifiedError {
  const known = classifyKnownError(error, operation);
  if (known) return known;
  const fault = databaseFaultOf(error);
  if (fault) {
    log(`database unavailable: ${fault.message}`, error);
    const e = databaseFaultError(fault);
    return classified(e.errorCode, e.message, e.headers);
  }
  log('unexpected error', error);
  return classified('ERR_INTERNAL', 'internal error');
}

function classifyKnownError(error: unknown, operation: ApiOperation | undefined): ClassifiedError | undefined {
  if (error instanceof ApiError || isErrorNamed(error, 'ApiError')) {
    const e = error as ApiError;
    return classified(e.errorCode, e.message, e.headers);
  }
  const opCode: ErrorCode = operation ? OPERATION_ERROR_CODES[operation] : 'ERR_CONFLICT';
  if (isErrorNamed(error, 'InstanceNotFoundError')) return classified('ERR_INSTANCE_ID_NOT_FOUND', error.message);
  if (isErrorNamed(error, 'InvalidInstanceIdError')) {
    const tooLong = (error as InvalidInstanceIdError).reason === 'too_long';
    return classified(tooLong ? 'ERR_INSTANCE_ID_TOO_LONG' : 'ERR_INSTANCE_ID_INVALID', error.message);
  }
  if (isErrorNamed(error, 'InstanceAlreadyExistsError')) return classified(opCode, error.message, {}, { http: 409, grpc: 'ALREADY_EXISTS' });
  if (isErrorNamed(error, 'InvalidInstanceStatusError')) return classified(opCode, error.message, {}, { http: 409, grpc: 'FAILED_PRECONDITION' });
  if (isErrorNamed(error, 'UnknownWorkflowError')) return classified(opCode, error.message, {}, { http: 400, grpc: 'INVALID_ARGUMENT' });
  if (isErrorNamed(error, 'PayloadTooLargeError')) return classified('ERR_PAYLOAD_TOO_LARGE', error.message);
  if (isErrorNamed(error, 'PayloadNotSerializableError')) return classified('ERR_MALFORMED_REQUEST', error.message);
  if (isErrorNamed(error, 'InvalidNameError')) return classified('ERR_MALFORMED_REQUEST', error.message);
  if (isErrorNamed(error, 'InstanceLimitError')) return classified(opCode, error.message, {}, { http: 409, grpc: 'RESOURCE_EXHAUSTED' });
  if (isErrorNamed(error, 'AccountConflictError')) return classified('ERR_CONFLICT', error.message);
  if (isErrorNamed(error, 'ApprovalNotFoundError')) return classified('ERR_APPROVAL_NOT_FOUND', error.message);
  if (isErrorNamed(error, 'ApprovalDecidedError')) return classified('ERR_APPROVAL_DECIDED', error.message);
  if (isErrorNamed(error, 'ApprovalRefusedError')) return classified('ERR_FORBIDDEN', error.message);
  if (isErrorNamed(error, 'ApprovalInstanceError')) {
    const missing = (error as Error & { reason?: string }).reason === 'missing';
    return classified(missing ? 'ERR_INSTANCE_ID_NOT_FOUND' : 'ERR_APPROVAL_CLOSED', error.message);
  }
  if (isErrorNamed(error, 'DatabaseConfigError')) return classified('ERR_DATABASE_UNAVAILABLE', error.message, { 'Retry-After': '5' });
  return undefined;
}

function classified(errorCode: ErrorCode, message: string, headers: Record<string, string> = {}, statuses: ErrorCodeStatus = ERROR_CODES[errorCode]): ClassifiedError {
  return { errorCode, message, statuses, headers };
}

/** The JSON response for an error (see mapError). */
export function errorResponse(error: unknown, operation?: ApiOperation): Response {
  observeDatabaseError('api', error);
  const { status, body, headers } = mapError(error, operation);
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}
