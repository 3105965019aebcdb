// The worker thread that turns the engine's span records (span-records.ts) into OpenTelemetry spans and exports
// them by OTLP/HTTP, so that the SDK's batching, JSON encoding and HTTP requests run beside the engine's thread
// instead of on it. Plain JavaScript because a worker thread runs a file as it is: it is not
// bundled by Next.js nor compiled by tsx or vitest. Messages in: { records } (an array of span records),
// { flush: id }, { shutdown: id }; out: { done: id, error? } when a flush or shutdown has finished.
import { parentPort } from 'node:worker_threads';
import { SpanStatusCode, TraceFlags, diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { TraceState, hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

// OTEL_LOG_LEVEL: the SDK's own diagnostics (failed exports) on the console.
const level = DiagLogLevel[String(process.env.OTEL_LOG_LEVEL ?? '').trim().toUpperCase()];
if (level !== undefined && level !== DiagLogLevel.NONE) diag.setLogger(new DiagConsoleLogger(), level);

const resource = defaultResource()
  .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'flowdeck' }))
  .merge(detectResources({ detectors: [envDetector] }));
const scope = { name: 'flowdeck' };
// The SDK's batching (OTEL_BSP_*) and OTLP exporter. A record is an ended span already (its IDs, times and parent
// chosen on the engine's thread, which sampled it too), so it is handed to the processor as the ReadableSpan the
// exporter reads, without a tracer making a live span of it first (10.5 -> 7.9 µs of CPU per exported span).
const processor = new BatchSpanProcessor(new OTLPTraceExporter());

/** The record as the ReadableSpan the SDK's span would have ended as (status, exception event, remote parent). */
function readableSpan(record) {
  const traceState = record.traceState ? new TraceState(record.traceState) : undefined;
  const context = { traceId: record.traceId, spanId: record.spanId, traceFlags: TraceFlags.SAMPLED, traceState };
  const startTime = millisToHrTime(record.startTime);
  const endTime = millisToHrTime(record.endTime);
  return {
    name: record.name,
    kind: record.kind,
    spanContext: () => context,
    parentSpanContext: record.parentSpanId ? { traceId: record.traceId, spanId: record.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState } : undefined,
    startTime,
    endTime,
    duration: hrTimeDuration(startTime, endTime),
    ended: true,
    status: record.error !== undefined ? { code: SpanStatusCode.ERROR, message: record.error } : { code: SpanStatusCode.UNSET },
    attributes: record.attributes,
    links: [],
    events: record.exception ? [exceptionEvent(record.exception, endTime)] : [],
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** The "exception" event, with the attributes the SDK's recordException gives it. */
function exceptionEvent(exception, time) {
  const attributes = { [ATTR_EXCEPTION_TYPE]: exception.name, [ATTR_EXCEPTION_MESSAGE]: exception.message };
  if (exception.stack) attributes[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
  return { name: 'exception', attributes, time, droppedAttributesCount: 0 };
}

parentPort.on('message', (message) => {
  if (message.records) {
    for (const record of message.records) processor.onEnd(readableSpan(record));
    return;
  }
  const id = message.flush ?? message.shutdown;
  const done = message.flush !== undefined ? processor.forceFlush() : processor.shutdown();
  done.then(
    () => parentPort.postMessage({ done: id }),
    (error) => parentPort.postMessage({ done: id, error: error instanceof Error ? error.message : String(error) }),
  );
});
