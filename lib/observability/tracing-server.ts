// The server-span hook (trace-server.ts) as span records: an HTTP request or gRPC call becomes a SERVER span that
// continues the caller's W3C traceparent, and the work it starts is stored under that span's context.
import { parseTraceContext, type TraceContext } from '../engine/trace-context';
import { nowMs, randomId, type SpanRecord } from './span-records';
import type { ServerSpanHook, TraceCarrier } from './trace-server';
import { fromTraceContext, toTraceContext } from './trace-ids';
import type { TracingTelemetry } from './tracing';

/** A ServerSpanHook recording the spans `tracing` samples into its recorder. */
export function serverSpanHook(tracing: Pick<TracingTelemetry, 'recorder' | 'sampled'>): ServerSpanHook {
  const spans = new WeakMap<object, TraceContext>();
  /** Runs `handle` in a server span named `name`; `finish` adds what the result says to the record. */
  async function inSpan<T>(key: object, name: string, carrier: TraceCarrier, attributes: SpanRecord['attributes'], handle: () => Promise<T>, finish?: (result: T, record: SpanRecord) => void): Promise<T> {
    const caller = parseTraceContext(carrier.traceParent, carrier.traceState);
    const parent = caller ? fromTraceContext(caller) : undefined;
    const traceId = parent?.traceId ?? randomId(16);
    const spanId = randomId(8);
    const sampled = tracing.sampled(traceId, parent?.sampled);
    spans.set(key, toTraceContext({ traceId, spanId, sampled, traceState: parent?.traceState }));
    const record: SpanRecord = { name, kind: 1, traceId, spanId, parentSpanId: parent?.spanId, traceState: parent?.traceState, startTime: nowMs(), endTime: 0, attributes };
    try {
      const result = await handle();
      finish?.(result, record);
      return result;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      record.endTime = nowMs();
      if (sampled) tracing.recorder.record(record);
    }
  }
  return {
    http(request, handle) {
      const carrier = { traceParent: request.headers.get('traceparent'), traceState: request.headers.get('tracestate') };
      const attributes = { 'http.request.method': request.method, 'url.path': new URL(request.url).pathname };
      return inSpan(request, request.method, carrier, attributes, handle, (response, record) => {
        record.attributes['http.response.status_code'] = response.status;
        if (response.status >= 500) record.error = '';
      });
    },
    grpc(method, call, carrier, handle) {
      return inSpan(call, method, carrier, { 'rpc.system': 'grpc', 'rpc.method': method }, handle);
    },
    contextOf: (requestOrCall) => spans.get(requestOrCall),
  };
}
