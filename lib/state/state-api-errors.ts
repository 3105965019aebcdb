// Error codes and statuses of the state layer's errors, for the HTTP and the gRPC surface alike: Dapr's
// ERR_STATE_SAVE / ERR_STATE_DELETE with 409 (HTTP) and ABORTED (gRPC) for an ETag mismatch, as dapr/dapr answers.
import { statusOf, type ErrorCodeStatus } from '../api/error-codes';
import { isInvalidStateRequest, isStateETagMismatch, type StateOperationKind } from './state-errors';

/** Dapr's error code for a failed state operation of each kind. */
export const STATE_ERROR_CODES: Record<StateOperationKind, string> = {
  save: 'ERR_STATE_SAVE',
  get: 'ERR_STATE_GET',
  delete: 'ERR_STATE_DELETE',
  transaction: 'ERR_STATE_TRANSACTION',
};

/** What an ETag mismatch is reported as (Dapr: HTTP 409 Conflict, gRPC ABORTED). */
const ETAG_MISMATCH: ErrorCodeStatus = { http: 409, grpc: 'ABORTED' };

/** A state-layer error sorted into its code, message and statuses. */
export interface ClassifiedStateError {
  errorCode: string;
  message: string;
  statuses: ErrorCodeStatus;
}

/** The code and statuses of a state-layer error (mismatch or invalid request); undefined for any other error. */
export function classifyStateError(error: unknown): ClassifiedStateError | undefined {
  if (isStateETagMismatch(error)) return { errorCode: STATE_ERROR_CODES[error.operation], message: error.message, statuses: ETAG_MISMATCH };
  if (isInvalidStateRequest(error)) {
    const errorCode = error.tooLarge ? 'ERR_PAYLOAD_TOO_LARGE' : 'ERR_MALFORMED_REQUEST';
    return { errorCode, message: error.message, statuses: statusOf(errorCode) };
  }
  return undefined;
}
