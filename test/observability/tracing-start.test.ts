// A caller's W3C traceparent on a start request (dashboard API, Dapr HTTP API, gRPC StartInstance) continues into
// the workflow (and the Dapr runtime API's gRPC StartWorkflow): through the HTTP or gRPC server span when tracing is on, kept with the instance when it is off;
// an invalid traceparent is ignored, never an error.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { handleDaprRequest } from '@/lib/api/dapr-api';
import { bindRoute } from '@/lib/api/route';
import { startWorkflowHandler } from '@/lib/api/workflow-handlers';
import { withHttpServerSpan } from '@/lib/observability/trace-server';
import { startTracingFromEnv } from '@/lib/observability/tracing-env';
import type { TracingTelemetry } from '@/lib/observability/tracing';
import type { EngineHost } from '@/lib/server/engine-host';
import { startSidecarServer } from '@/lib/sidecar/grpc-server';
import { loadSidecarProtocol } from '@/lib/sidecar/protocol';
import { MemoryStore } from '@/lib/store/memory-store';
import { MemoryInventory } from '@/lib/workflows';
import { startTraceReceiver, type ReceivedSpan, type TraceReceiver } from './trace-receiver';

const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const TRACEPARENT = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

/** An engine on the in-memory store running `hello` (one activity), tracing to a local receiver when `traced`. */
async function engine(traced: boolean): Promise<{ ctx: ApiContext; host: EngineHost; tracing?: TracingTelemetry; receiver?: TraceReceiver }> {
  let receiver: TraceReceiver | undefined;
  let tracing: TracingTelemetry | undefined;
  if (traced) {
    receiver = await startTraceReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', `${receiver.endpoint}/v1/traces`);
    tracing = await startTracingFromEnv();
  }
  const runtime = new WorkflowRuntime({ store: new MemoryStore(), pollIntervalMs: 20, log: () => undefined, ...(tracing && { telemetry: tracing.telemetry }) });
  runtime.registerActivityWithName('greet', async (_ctx, name: string) => `hello ${name}`);
  runtime.registerWorkflowWithName('hello', function* (ctx: WorkflowContext, name: string): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.callActivity('greet', name);
  });
  await runtime.start();
  cleanups.push(async () => {
    await runtime.stop();
    await tracing?.shutdown();
    await receiver?.close();
  });
  const ctx: ApiContext = {
    client: runtime.client(),
    store: runtime.store,
    registry: runtime.registry,
    inventory: new MemoryInventory(),
    maxPayloadBytes: 64 * 1024,
    dialect: 'sqlite',
    pingDatabase: async () => undefined,
  };
  const host = { runtime, client: ctx.client, store: runtime.store, registry: runtime.registry, inventory: ctx.inventory } as unknown as EngineHost;
  return { ctx, host, tracing, receiver };
}

/** POST /api/workflows/hello/start through the route wrapper, with `headers`. */
async function dashboardStart(ctx: ApiContext, id: string, headers: Record<string, string>): Promise<Response> {
  const start = bindRoute(async () => ctx, startWorkflowHandler, { operation: 'start' });
  const request = new Request('http://localhost/api/workflows/hello/start', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ input: 'you', instanceId: id }),
  });
  return start(request, { params: Promise.resolve({ name: 'hello' }) });
}

/** POST /v1.0/workflows/dapr/hello/start?instanceID=`id` as the Dapr route does it (inside the server-span hook). */
function daprStart(ctx: ApiContext, id: string, headers: Record<string, string>): Promise<Response> {
  const request = new Request(`http://localhost/v1.0/workflows/dapr/hello/start?instanceID=${id}`, { method: 'POST', headers, body: '"you"' });
  return withHttpServerSpan(request, () => handleDaprRequest(request, 'v1.0', ['workflows', 'dapr', 'hello', 'start'], async () => ctx));
}

/** Flushes until the instance span of `id` arrived; returns every span of the caller's trace. */
async function callerTrace(tracing: TracingTelemetry, receiver: TraceReceiver, id: string): Promise<ReceivedSpan[]> {
  for (let i = 0; i < 200; i++) {
    await tracing.forceFlush();
    if (receiver.spans.some((s) => s.name === 'workflow hello' && s.attributes['flowdeck.instance.id'] === id)) return receiver.spans.filter((s) => s.traceId === CALLER_TRACE);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no instance span for ${id}`);
}

describe('traceparent on start requests, tracing off: kept with the instance', () => {
  test.each([
    ['dashboard API', dashboardStart],
    ['Dapr HTTP API', daprStart],
  ])('%s: a valid traceparent and tracestate are stored; an invalid one is ignored and the start still succeeds', async (_name, start) => {
    const { ctx } = await engine(false);
    expect((await start(ctx, 'valid', { traceparent: TRACEPARENT, tracestate: 'vendor=1' })).status).toBe(202);
    expect((await ctx.store.getInstance('valid'))?.trace).toEqual({ traceParent: TRACEPARENT, traceState: 'vendor=1' });
    expect((await start(ctx, 'invalid', { traceparent: `00-${CALLER_TRACE}-${'0'.repeat(16)}-01`, tracestate: 'vendor=1' })).status).toBe(202);
    expect((await ctx.store.getInstance('invalid'))?.trace).toBeUndefined();
    expect((await start(ctx, 'none', {})).status).toBe(202);
    expect((await ctx.store.getInstance('none'))?.trace).toBeUndefined();
    await expect.poll(async () => (await ctx.client.getWorkflowState('invalid', true))?.runtimeStatus, { timeout: 10_000 }).toBe('COMPLETED');
  });
});

describe("traceparent on start requests, tracing on: the caller's trace continues through the server span", () => {
  test.each([
    ['dashboard API', dashboardStart],
    ['Dapr HTTP API', daprStart],
  ])('%s: HTTP server span under the caller span, the instance span under the server span', async (_name, start) => {
    const { ctx, tracing, receiver } = await engine(true);
    expect((await start(ctx, 'http-1', { traceparent: TRACEPARENT })).status).toBe(202);
    const spans = await callerTrace(tracing!, receiver!, 'http-1');
    const server = spans.find((s) => s.name === 'POST');
    expect(server).toMatchObject({ parentSpanId: CALLER_SPAN, kind: 2, attributes: { 'http.response.status_code': 202 } });
    const instance = spans.find((s) => s.name === 'workflow hello')!;
    expect(instance.parentSpanId).toBe(server!.spanId);
    expect(spans.filter((s) => s.name === 'activity greet')).toHaveLength(1);
  });

  test.each([
    ['taskHub', 'StartInstance', { instanceId: 'grpc-1', name: 'hello', input: { value: '"you"' } }],
    ['dapr', 'StartWorkflowBeta1', { instanceId: 'grpc-1', workflowComponent: 'dapr', workflowName: 'hello', input: Buffer.from('"you"') }],
  ] as const)('gRPC %s %s: traceparent metadata continues through the gRPC server span', async (service, method, request) => {
    const { host, tracing, receiver } = await engine(true);
    const server = await startSidecarServer({ engineHost: async () => host, host: '127.0.0.1', port: 0, apiToken: undefined });
    cleanups.push(() => server.stop(1000));
    const Client = grpc.makeClientConstructor(loadSidecarProtocol()[service], service);
    const client = new Client(server.address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, (...args: unknown[]) => void>;
    cleanups.push(async () => client.close());
    const metadata = new grpc.Metadata();
    metadata.set('traceparent', TRACEPARENT);
    const response = await new Promise<{ instanceId: string }>((resolve, reject) =>
      client[method](request, metadata, (error: Error | null, r: { instanceId: string }) => (error ? reject(error) : resolve(r))),
    );
    expect(response.instanceId).toBe('grpc-1');
    const spans = await callerTrace(tracing!, receiver!, 'grpc-1');
    const call = spans.find((s) => s.name === method);
    expect(call).toMatchObject({ parentSpanId: CALLER_SPAN, kind: 2, attributes: { 'rpc.system': 'grpc' } });
    expect(spans.find((s) => s.name === 'workflow hello')!.parentSpanId).toBe(call!.spanId);
  });
});
