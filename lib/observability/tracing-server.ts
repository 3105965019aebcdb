// The server-span hook (trace-server.ts) on an OpenTelemetry tracer: an HTTP request or gRPC call becomes a SERVER
// span that continues the caller's W3C traceparent.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, context as otelContext, trace, type Span, type Tracer } from '@opentelemetry/api';
import { parseTraceContext, type TraceContext } from '../engine/trace-context';
import type { ServerSpanHook } from './trace-server';
import { fromTraceContext, toTraceContext } from './trace-ids';
import { contextOf } from './tracing-telemetry';

/** A ServerSpanHook recording spans with `tracer`. */
export function serverSpanHook(tracer: Tracer): ServerSpanHook {
  const spans = new WeakMap<object, TraceContext>();
  return {
    async http(request, handle) {
      const caller = parseTraceContext(request.headers.get('traceparent'), request.headers.get('tracestate'));
      const path = new URL(request.url).pathname;
      const span = tracer.startSpan(
        request.method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': path } },
        caller ? contextOf(fromTraceContext(caller)) : ROOT_CONTEXT,
      );
      spans.set(request, stored(span, caller?.traceState));
      try {
        const response = await otelContext.with(trace.setSpan(ROOT_CONTEXT, span), handle);
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
    async grpc(method, call, carrier, handle) {
      const caller = parseTraceContext(carrier.traceParent, carrier.traceState);
      const span = tracer.startSpan(
        method,
        { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } },
        caller ? contextOf(fromTraceContext(caller)) : ROOT_CONTEXT,
      );
      spans.set(call, stored(span, caller?.traceState));
      try {
        return await handle();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
    contextOf: (requestOrCall) => spans.get(requestOrCall),
  };
}

function stored(span: Span, traceState: string | undefined): TraceContext {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return toTraceContext({ traceId, spanId, sampled: (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED, traceState });
}
