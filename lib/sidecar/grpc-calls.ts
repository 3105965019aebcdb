// How sidecar handlers answer: async functions as unary handlers, errors as gRPC statuses from the error table,
// the caller's token and role checked on every call, and UNIMPLEMENTED for every method nobody serves.
import * as grpc from '@grpc/grpc-js';
import { ApiError, mapErrorToGrpc, type ApiOperation } from '../api/errors';
import type { EngineLog } from '../engine/logs';
import { authorizeCall, type SidecarAccess } from './call-access';
import type { SidecarContext } from './sidecar-context';
import { withGrpcServerSpan, type TraceCarrier } from '../observability/trace-server';
import { recordGrpcCall, rememberCallCaller, rememberRefusedCaller } from '../audit/grpc-audit';

/** The metadata key that carries Flowdeck's error code (`ERR_…`) next to the gRPC status. */
export const ERROR_CODE_METADATA = 'error-code';

/**
 * A gRPC status for anything thrown: a GrpcStatusError as it is; else the table's code, the error's safe
 * message and the error code in metadata.
 */
export function grpcStatusFor(error: unknown, operation: ApiOperation | undefined, log: EngineLog, method: string): Partial<grpc.StatusObject> {
  if (error instanceof GrpcStatusError) return error;
  const mapped = mapErrorToGrpc(error, operation, (message, cause) => log.message('error', `${message} in gRPC ${method}`, cause));
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_METADATA, mapped.errorCode);
  return { code: mapped.code, details: mapped.details, metadata };
}

/** Turns `fn` into a unary handler: its result is the response; a thrown error becomes its gRPC status; client mutations are audited. */
export function unary<Req, Res>(
  ctx: SidecarContext,
  method: string,
  fn: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
  operation?: ApiOperation,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    withGrpcServerSpan(method, call, () => metadataTraceCarrier(call.metadata), () => fn(call.request, call)).then(
      async (response) => {
        await recordGrpcCall(method, call, { response });
        callback(null, response);
      },
      async (error: unknown) => {
        await recordGrpcCall(method, call, { error });
        callback(grpcStatusFor(error, operation, ctx.log, method));
      },
    );
  };
}

/** The W3C trace context values of a call's metadata (`traceparent`, `tracestate`). */
export function metadataTraceCarrier(metadata: grpc.Metadata): TraceCarrier {
  const first = (key: string) => {
    const value = metadata.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  };
  return { traceParent: first('traceparent'), traceState: first('tracestate') };
}

/** A status the sidecar answers with on its own (UNIMPLEMENTED, DEADLINE_EXCEEDED, UNAVAILABLE, ...). */
export class GrpcStatusError extends Error {
  override name = 'GrpcStatusError';
  constructor(
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(details);
  }
}

/** A GrpcStatusError with `code` and `details`. */
export function grpcStatus(code: grpc.status, details: string): GrpcStatusError {
  return new GrpcStatusError(code, details);
}

/** What completes a service: its name for messages, and what its calls are checked against (none: every call is let in). */
export interface ServiceOptions {
  serviceName: string;
  access?: SidecarAccess & { log: EngineLog };
}

/**
 * The implementation to register for `definition`: each method's handler from `handlers`, or one answering
 * UNIMPLEMENTED with a message; every call first checks its caller (UNAUTHENTICATED for no valid token,
 * PERMISSION_DENIED for a role too weak for the method).
 */
export function completeService(definition: grpc.ServiceDefinition, handlers: grpc.UntypedServiceImplementation, options: ServiceOptions): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const kind = handlerKind(method);
    const handler = handlers[name] ?? refusing(kind, grpcStatus(grpc.status.UNIMPLEMENTED, `Flowdeck does not implement ${options.serviceName}/${name} (see docs/SIDECAR.md for what it serves)`));
    implementation[name] = options.access ? authorized(kind, handler, options.access, options.serviceName, name) : handler;
  }
  return implementation;
}

type HandlerKind = 'unary' | 'clientStream' | 'serverStream' | 'bidi';

function handlerKind(method: grpc.MethodDefinition<unknown, unknown>): HandlerKind {
  if (method.requestStream) return method.responseStream ? 'bidi' : 'clientStream';
  return method.responseStream ? 'serverStream' : 'unary';
}

type AnyCall = grpc.ServerUnaryCall<unknown, unknown> & grpc.ServerWritableStream<unknown, unknown>;
type AnyHandler = (call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => void;

/** A handler that answers every call with `status`, in the way calls of its kind end. */
function refusing(kind: HandlerKind, status: GrpcStatusError): grpc.UntypedHandleCall {
  const handler: AnyHandler = (call, callback) => endWith(kind, call, callback, status);
  return handler as grpc.UntypedHandleCall;
}

function authorized(kind: HandlerKind, handler: grpc.UntypedHandleCall, access: SidecarAccess & { log: EngineLog }, serviceName: string, method: string): grpc.UntypedHandleCall {
  const inner = handler as unknown as AnyHandler;
  const guarded: AnyHandler = (call, callback) => {
    authorizeCall(access, serviceName, method, call.metadata).then(
      (caller) => {
        rememberCallCaller(call, caller);
        inner(call, callback);
      },
      async (error: unknown) => {
        if (error instanceof ApiError && error.status === 403) await rememberRefusedCaller(access, method, call);
        await recordGrpcCall(method, call, { error });
        endWith(kind, call, callback, error instanceof ApiError ? refusal(error) : grpcStatusFor(error, undefined, access.log, method));
      },
    );
  };
  return guarded as grpc.UntypedHandleCall;
}

/** UNAUTHENTICATED or PERMISSION_DENIED with its message, and no error code (as Dapr refuses a token). */
function refusal(error: ApiError): GrpcStatusError {
  const mapped = mapErrorToGrpc(error);
  return grpcStatus(mapped.code, mapped.details);
}

function endWith(kind: HandlerKind, call: AnyCall, callback: grpc.sendUnaryData<unknown> | undefined, status: Partial<grpc.StatusObject>): void {
  if (kind === 'unary' || kind === 'clientStream') callback!(status);
  else call.emit('error', status);
}
