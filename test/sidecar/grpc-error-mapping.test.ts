// The error table's gRPC side: every named engine error and API error gets the status the issue names.
import { InstanceLimitError, InvalidNameError } from '@/lib/engine/limits';
import { describe, expect, test } from 'vitest';
import { ApiError, mapError, mapErrorToGrpc, methodNotAllowedError } from '@/lib/api/errors';
import { ERROR_CODES, GRPC_STATUS } from '@/lib/api/error-codes';
import {
  InstanceAlreadyExistsError,
  InstanceNotFoundError,
  InvalidInstanceIdError,
  InvalidInstanceStatusError,
  PayloadNotSerializableError,
  PayloadTooLargeError,
  UnknownWorkflowError,
} from '@/lib/engine/errors';

const silent = () => undefined;
const grpcOf = (error: unknown, operation?: Parameters<typeof mapErrorToGrpc>[1]) => {
  const m = mapErrorToGrpc(error, operation, silent);
  return [m.code, m.errorCode];
};

describe('mapErrorToGrpc', () => {
  test('engine errors map to the gRPC codes of the table', () => {
    expect(grpcOf(new InstanceNotFoundError('x'))).toEqual([GRPC_STATUS.NOT_FOUND, 'ERR_INSTANCE_ID_NOT_FOUND']);
    expect(grpcOf(new InstanceAlreadyExistsError('x', 'RUNNING'), 'start')).toEqual([GRPC_STATUS.ALREADY_EXISTS, 'ERR_START_WORKFLOW']);
    expect(grpcOf(new InvalidInstanceIdError('a b', 'invalid_characters'))).toEqual([GRPC_STATUS.INVALID_ARGUMENT, 'ERR_INSTANCE_ID_INVALID']);
    expect(grpcOf(new InvalidInstanceIdError('x'.repeat(65), 'too_long'))).toEqual([GRPC_STATUS.INVALID_ARGUMENT, 'ERR_INSTANCE_ID_TOO_LONG']);
    expect(grpcOf(new PayloadTooLargeError('input', 10, 5))).toEqual([GRPC_STATUS.INVALID_ARGUMENT, 'ERR_PAYLOAD_TOO_LARGE']);
    expect(grpcOf(new PayloadNotSerializableError('input', new Error('cycle')))).toEqual([GRPC_STATUS.INVALID_ARGUMENT, 'ERR_MALFORMED_REQUEST']);
    expect(grpcOf(new UnknownWorkflowError('workflow', 'Nope'), 'start')).toEqual([GRPC_STATUS.INVALID_ARGUMENT, 'ERR_START_WORKFLOW']);
    expect(grpcOf(new InvalidInstanceStatusError('x', 'pause', 'COMPLETED', ['RUNNING']), 'pause')).toEqual([GRPC_STATUS.FAILED_PRECONDITION, 'ERR_PAUSE_WORKFLOW']);
    expect(grpcOf(new ApiError('ERR_UNAUTHORIZED', 'no token'))).toEqual([GRPC_STATUS.UNAUTHENTICATED, 'ERR_UNAUTHORIZED']);
    expect(grpcOf(new InvalidNameError('event', 'event name has a control character at position 3'), 'raiseEvent')).toEqual([GRPC_STATUS.INVALID_ARGUMENT, 'ERR_MALFORMED_REQUEST']);
    expect(grpcOf(new InstanceLimitError('x', 'executionEvents', 10_000, 10_000, 'raise an event on'), 'raiseEvent')).toEqual([GRPC_STATUS.RESOURCE_EXHAUSTED, 'ERR_RAISE_EVENT_WORKFLOW']);
    expect(mapError(new InstanceLimitError('x', 'executionEvents', 10_000, 10_000, 'raise an event on'), 'raiseEvent', silent).status).toBe(409);
    expect(grpcOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toEqual([GRPC_STATUS.UNAVAILABLE, 'ERR_DATABASE_UNAVAILABLE']);
  });

  test('anything unknown is INTERNAL with a generic message, logged server-side', () => {
    const logged: unknown[] = [];
    const secret = new TypeError("Cannot read properties of undefined (reading 'password') at /srv/app.js:12");
    expect(mapErrorToGrpc(secret, 'get', (_m, e) => logged.push(e))).toEqual({ code: GRPC_STATUS.INTERNAL, details: 'internal error', errorCode: 'ERR_INTERNAL' });
    expect(logged).toEqual([secret]);
  });

  test('HTTP and gRPC read the same table; ApiError takes its HTTP status from it', () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      const error = new ApiError(code, 'm');
      expect(error.status).toBe(ERROR_CODES[code].http);
      expect(mapError(error, undefined, silent).status).toBe(ERROR_CODES[code].http);
      expect(mapErrorToGrpc(error, undefined, silent).code).toBe(GRPC_STATUS[ERROR_CODES[code].grpc]);
    }
    const refused = methodNotAllowedError('DELETE', ['GET', 'POST'], '/v1.0/metadata');
    expect([refused.status, refused.errorCode, refused.headers.Allow, refused.message]).toEqual([405, 'ERR_METHOD_NOT_ALLOWED', 'GET, POST', 'DELETE is not allowed on /v1.0/metadata; use GET or POST']);
  });
});
