// Server spans for HTTP routes and gRPC calls, behind a process-wide hook: with tracing off the hook is unset and
// a request costs one property read (no OpenTelemetry module is loaded); tracing-server.ts installs the real one.
// Kept on globalThis: Next.js loads modules separately for instrumentation.ts and the route handlers.
import { parseTraceContext, type TraceContext } from '../engine/trace-context';

/** The W3C values a request or call carried (headers, gRPC metadata). */
export interface TraceCarrier {
  traceParent?: string | null;
  traceState?: string | null;
}

/** What records server spans: around an HTTP request or a gRPC call, and the trace context a request runs under. */
export interface ServerSpanHook {
  /** Runs `handle` inside a server span continuing the request's traceparent. */
  http(request: Request, handle: () => Promise<Response>): Promise<Response>;
  /** Runs `handle` inside a server span for gRPC method `method` of `call`, whose metadata carried `carrier`. */
  grpc<T>(method: string, call: object, carrier: TraceCarrier, handle: () => Promise<T>): Promise<T>;
  /** The context of the server span a request (or gRPC call) runs in, if it has one. */
  contextOf(requestOrCall: object): TraceContext | undefined;
}

const KEY = Symbol.for('flowdeck.serverSpans');
type Holder = { [KEY]?: ServerSpanHook };

/** Sets (or, with undefined, removes) the process's server-span hook. */
export function installServerSpans(hook: ServerSpanHook | undefined): void {
  (globalThis as Holder)[KEY] = hook;
}

/** Runs an HTTP handler, inside a server span when tracing is on. */
export function withHttpServerSpan(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const hook = (globalThis as Holder)[KEY];
  return hook ? hook.http(request, handle) : handle();
}

/** Runs a gRPC call's handler, inside a server span when tracing is on (`carrier` read only then). */
export function withGrpcServerSpan<T>(method: string, call: object, carrier: () => TraceCarrier, handle: () => Promise<T>): Promise<T> {
  const hook = (globalThis as Holder)[KEY];
  return hook ? hook.grpc(method, call, carrier(), handle) : handle();
}

/** The trace context a gRPC start call gives its instance: its server span's, else its metadata's valid traceparent. */
export function callTraceContext(call: object, carrier: TraceCarrier): TraceContext | undefined {
  const hook = (globalThis as Holder)[KEY];
  return hook?.contextOf(call) ?? parseTraceContext(carrier.traceParent, carrier.traceState);
}

/**
 * The trace context a start request gives its instance: its server span's (tracing on), else its own valid
 * `traceparent`/`tracestate` headers (kept so a tracer started later still joins the caller's trace); an invalid
 * traceparent is ignored.
 */
export function requestTraceContext(request: Request): TraceContext | undefined {
  const hook = (globalThis as Holder)[KEY];
  return hook?.contextOf(request) ?? parseTraceContext(request.headers.get('traceparent'), request.headers.get('tracestate'));
}
