// The one table of error codes: each code's HTTP status and gRPC status (HTTP API and gRPC sidecar alike).

/** gRPC status codes by name (the numbers every gRPC implementation uses; grpc-js's `status` enum). */
export const GRPC_STATUS = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** The name of a gRPC status code. */
export type GrpcStatusName = keyof typeof GRPC_STATUS;

/** How one error code is reported over HTTP and over gRPC. */
export interface ErrorCodeStatus {
  http: number;
  grpc: GrpcStatusName;
}

/** The statuses of an operation's own code when the instance's state refuses the operation. */
const CONFLICT: ErrorCodeStatus = { http: 409, grpc: 'FAILED_PRECONDITION' };

/**
 * Every error code Flowdeck answers with (Dapr's names where Dapr has one). A code used for more than one
 * reason (the per-operation codes) has the statuses of its usual reason here; `mapError` overrides them
 * for the other reasons (see lib/api/errors.ts).
 */
export const ERROR_CODES = {
  ERR_MALFORMED_REQUEST: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_INSTANCE_ID_TOO_LONG: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_INSTANCE_ID_INVALID: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_INSTANCE_ID_PROVIDED_MISSING: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_WORKFLOW_NAME_MISSING: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_WORKFLOW_EVENT_NAME_MISSING: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_UNAUTHORIZED: { http: 401, grpc: 'UNAUTHENTICATED' },
  ERR_FORBIDDEN: { http: 403, grpc: 'PERMISSION_DENIED' },
  ERR_NOT_FOUND: { http: 404, grpc: 'NOT_FOUND' },
  ERR_INSTANCE_ID_NOT_FOUND: { http: 404, grpc: 'NOT_FOUND' },
  ERR_WORKFLOW_COMPONENT_NOT_FOUND: { http: 404, grpc: 'NOT_FOUND' },
  ERR_METHOD_NOT_ALLOWED: { http: 405, grpc: 'UNIMPLEMENTED' },
  ERR_CONFLICT: CONFLICT,
  ERR_START_WORKFLOW: CONFLICT,
  ERR_GET_WORKFLOW: CONFLICT,
  ERR_TERMINATE_WORKFLOW: CONFLICT,
  ERR_PAUSE_WORKFLOW: CONFLICT,
  ERR_RESUME_WORKFLOW: CONFLICT,
  ERR_RAISE_EVENT_WORKFLOW: CONFLICT,
  ERR_PURGE_WORKFLOW: CONFLICT,
  ERR_RERUN_WORKFLOW: CONFLICT,
  ERR_RERUN_EVENT_INVALID: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_APPROVAL_NOT_FOUND: { http: 404, grpc: 'NOT_FOUND' },
  ERR_APPROVAL_DECIDED: { http: 409, grpc: 'FAILED_PRECONDITION' },
  ERR_APPROVAL_CLOSED: { http: 409, grpc: 'FAILED_PRECONDITION' },
  ERR_BULK_JOB_CONFIRMATION_REQUIRED: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_BULK_JOB_TOO_MANY: { http: 400, grpc: 'INVALID_ARGUMENT' },
  ERR_BULK_JOB_NOT_FOUND: { http: 404, grpc: 'NOT_FOUND' },
  ERR_BULK_JOB_NOT_RUNNING: { http: 409, grpc: 'FAILED_PRECONDITION' },
  ERR_PAYLOAD_TOO_LARGE: { http: 413, grpc: 'INVALID_ARGUMENT' },
  ERR_TOO_MANY_REQUESTS: { http: 429, grpc: 'RESOURCE_EXHAUSTED' },
  ERR_INTERNAL: { http: 500, grpc: 'INTERNAL' },
  ERR_DATABASE_UNAVAILABLE: { http: 503, grpc: 'UNAVAILABLE' },
} as const satisfies Record<string, ErrorCodeStatus>;

/** One of the error codes of the table. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The HTTP and gRPC statuses of `code`. */
export function statusOf(code: ErrorCode): ErrorCodeStatus {
  return ERROR_CODES[code];
}
