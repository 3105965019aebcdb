// The span export worker thread (lib/observability/span-export-worker.mjs) on its own: the records the engine's
// thread sends arrive at an OTLP/HTTP receiver as the spans they describe, with their IDs, parent, times, status,
// exception event, resource and scope.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { SpanRecorder, type SpanRecord } from '@/lib/observability/span-records';
import { startTraceReceiver, type TraceReceiver } from './trace-receiver';

let receiver: TraceReceiver;
let recorder: SpanRecorder;
beforeEach(async () => {
  receiver = await startTraceReceiver();
  recorder = SpanRecorder.start({ ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'worker-test' });
});
afterEach(async () => {
  await recorder.shutdown();
  await receiver.close();
});

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const START_MS = Date.UTC(2026, 11, 4, 12, 0, 0, 250);
// Times are epoch milliseconds with a fraction (the monotonic clock's): a quarter millisecond here.
const base = { kind: 0, traceId: TRACE, startTime: START_MS + 0.25, endTime: START_MS + 750 } as const;

test('a record arrives as its span: IDs, remote parent, kind, times to the microsecond, attributes, resource and scope', async () => {
  recorder.record({ ...base, name: 'workflow step Order', spanId: '00f067aa0ba902b7', parentSpanId: 'b7ad6b7169203331', traceState: 'vendor=1', attributes: { 'flowdeck.instance.id': 'o-1', 'flowdeck.step.messages': 3 } });
  recorder.record({ ...base, name: 'workflow Order', kind: 1, spanId: 'b7ad6b7169203331', attributes: {} });
  await recorder.forceFlush();
  const [step, instance] = ['workflow step Order', 'workflow Order'].map((name) => receiver.spans.find((s) => s.name === name)!);
  expect(step).toMatchObject({ traceId: TRACE, spanId: '00f067aa0ba902b7', parentSpanId: 'b7ad6b7169203331', kind: 1, statusCode: 0, events: [], serviceName: 'worker-test', scopeName: 'flowdeck' });
  expect(step.attributes).toEqual({ 'flowdeck.instance.id': 'o-1', 'flowdeck.step.messages': 3 });
  expect([step.startNs, step.endNs]).toEqual([BigInt(START_MS) * 1_000_000n + 250_000n, BigInt(START_MS + 750) * 1_000_000n]);
  // OTLP kinds are the API's plus one: internal 1, server 2.
  expect(instance).toMatchObject({ kind: 2, parentSpanId: undefined });
});

test('an error status and a recorded exception: the status message and an "exception" event at the end time', async () => {
  const record: SpanRecord = {
    ...base,
    name: 'activity charge',
    spanId: '1111111111111111',
    parentSpanId: '2222222222222222',
    attributes: { 'flowdeck.outcome': 'abandoned' },
    error: 'the store refused the result',
    exception: { name: 'DatabaseUnavailableError', message: 'database is locked', stack: 'DatabaseUnavailableError: database is locked\n    at write' },
  };
  recorder.record(record);
  await recorder.forceFlush();
  const span = receiver.spans.find((s) => s.name === 'activity charge')!;
  expect(span).toMatchObject({ statusCode: 2, statusMessage: 'the store refused the result' });
  expect(span.events).toEqual([
    { name: 'exception', attributes: { 'exception.type': 'DatabaseUnavailableError', 'exception.message': 'database is locked', 'exception.stacktrace': record.exception!.stack } },
  ]);
});
