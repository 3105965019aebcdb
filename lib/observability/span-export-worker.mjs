// The worker thread that turns the engine's span records (span-records.ts) into OpenTelemetry spans and exports
// them by OTLP/HTTP, so that the SDK's span objects, batching, JSON encoding and HTTP requests run beside the
// engine's thread instead of on it. Plain JavaScript because a worker thread runs a file as it is: it is not
// bundled by Next.js nor compiled by tsx or vitest. Messages in: { records } (an array of span records),
// { flush: id }, { shutdown: id }; out: { done: id, error? } when a flush or shutdown has finished.
import { parentPort } from 'node:worker_threads';
import { ROOT_CONTEXT, SpanStatusCode, TraceFlags, diag, DiagConsoleLogger, DiagLogLevel, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

// OTEL_LOG_LEVEL: the SDK's own diagnostics (failed exports) on the console.
const level = DiagLogLevel[String(process.env.OTEL_LOG_LEVEL ?? '').trim().toUpperCase()];
if (level !== undefined && level !== DiagLogLevel.NONE) diag.setLogger(new DiagConsoleLogger(), level);

// Every record names its own IDs (the engine's thread chose them and stored them with the work it scheduled): the
// provider's ID generator hands out the IDs of the record being turned into a span.
let pending = { traceId: '', spanId: '' };
const ids = { generateTraceId: () => pending.traceId, generateSpanId: () => pending.spanId };

const provider = new BasicTracerProvider({
  resource: defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'flowdeck' }))
    .merge(detectResources({ detectors: [envDetector] })),
  idGenerator: ids,
  // The engine's thread sampled already: it sends only the records of sampled spans.
  sampler: new AlwaysOnSampler(),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
const tracer = provider.getTracer('flowdeck');

/** The context whose (remote) parent span is the record's parent. */
function parentContext(record) {
  if (!record.parentSpanId) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: record.traceId,
    spanId: record.parentSpanId,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: record.traceState ? new TraceState(record.traceState) : undefined,
  });
}

/** Records one ended span. */
function emit(record) {
  pending = record;
  const span = tracer.startSpan(record.name, { kind: record.kind, startTime: record.startTime, attributes: record.attributes }, parentContext(record));
  if (record.exception) span.recordException(record.exception, record.endTime);
  if (record.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: record.error });
  span.end(record.endTime);
}

parentPort.on('message', (message) => {
  if (message.records) {
    for (const record of message.records) emit(record);
    return;
  }
  const id = message.flush ?? message.shutdown;
  const done = message.flush !== undefined ? provider.forceFlush() : provider.shutdown();
  done.then(
    () => parentPort.postMessage({ done: id }),
    (error) => parentPort.postMessage({ done: id, error: error instanceof Error ? error.message : String(error) }),
  );
});
