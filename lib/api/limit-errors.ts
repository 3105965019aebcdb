// The engine's name and limit errors (lib/engine/limits.ts) as the API's errors: a bad name is 400
// ERR_MALFORMED_REQUEST, a limit reached is 409 with the operation's code. Applied where the HTTP handlers map
// errors, until lib/api/errors.ts classifies these two errors itself (then this file goes).
import { isErrorNamed } from '../engine/errors';
import { ApiError, OPERATION_ERROR_CODES, type ApiOperation } from './errors';

/** `error` as an ApiError when it is an InvalidNameError or InstanceLimitError; anything else unchanged. */
export function withEngineLimitCodes(error: unknown, operation?: ApiOperation): unknown {
  if (isErrorNamed(error, 'InvalidNameError')) return new ApiError('ERR_MALFORMED_REQUEST', error.message);
  if (isErrorNamed(error, 'InstanceLimitError')) return new ApiError(operation ? OPERATION_ERROR_CODES[operation] : 'ERR_CONFLICT', error.message);
  return error;
}
