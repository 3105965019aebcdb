// OpenTelemetry traces of workflow instances, exported by the real OTLP/HTTP exporter to a local receiver: a span
// per step and per activity attempt in one trace per instance, children and activities under the step that
// scheduled them, a caller's traceparent continued, and the same trace after the runtime restarts on the database.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowContext, type WorkflowStore } from '@/lib/engine';
import { createPrismaClient } from '@/lib/db/client';
import { createDatabaseStore } from '@/lib/store/database-store';
import { startTracingFromEnv } from '@/lib/observability/tracing-env';
import type { TracingTelemetry } from '@/lib/observability/tracing';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { startTraceReceiver, type ReceivedSpan, type TraceReceiver } from './trace-receiver';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

let receiver: TraceReceiver;
/** What the runtimes logged (warnings and errors): none expected. */
const warnings: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  receiver = await startTraceReceiver();
  vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.endpoint);
  vi.stubEnv('OTEL_SERVICE_NAME', 'flowdeck-test');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
  expect(warnings.splice(0)).toEqual([]);
  await receiver.close();
});

/** A started runtime on `store` with the test workflows, tracing as the environment says. */
async function tracedRuntime(store: WorkflowStore): Promise<{ runtime: WorkflowRuntime; tracing: TracingTelemetry }> {
  const tracing = (await startTracingFromEnv())!;
  const runtime = new WorkflowRuntime({ store, telemetry: tracing.telemetry, pollIntervalMs: 50, log: (level, message) => warnings.push(`${level}: ${message}`) });
  runtime.registerActivityWithName('step', async (_ctx, input: string) => `${input}+`);
  runtime.registerWorkflowWithName('chain', function* (ctx: WorkflowContext, input: string): Generator<Task<unknown>, unknown, unknown> {
    let value = input;
    for (let i = 0; i < 3; i++) value = (yield ctx.callActivity('step', value)) as string;
    return value;
  });
  runtime.registerWorkflowWithName('fanout', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.whenAll(['a', 'b', 'c'].map((x) => ctx.callActivity('step', x)));
  });
  runtime.registerWorkflowWithName('parent', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.callChildWorkflow('chain', 'child', `${ctx.getWorkflowInstanceId()}-child`);
  });
  let flakyCalls = 0;
  runtime.registerActivityWithName('flaky', async () => {
    if (++flakyCalls === 1) throw new Error('first attempt fails');
    return 'ok';
  });
  runtime.registerWorkflowWithName('retrying', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.callActivity('flaky', undefined, { retryPolicy: { maxNumberOfAttempts: 2, firstRetryIntervalInMilliseconds: 10 } });
  });
  runtime.registerWorkflowWithName('waiter', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.waitForExternalEvent('never');
  });
  runtime.registerWorkflowWithName('waitsForChild', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.callChildWorkflow('waiter', undefined, `${ctx.getWorkflowInstanceId()}-child`);
  });
  runtime.registerWorkflowWithName('gated', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    const first = yield ctx.callActivity('step', 'before');
    yield ctx.waitForExternalEvent('go');
    return [first, yield ctx.callActivity('step', 'after')];
  });
  await runtime.start();
  cleanups.push(async () => {
    await runtime.stop();
    await tracing.shutdown();
  });
  return { runtime, tracing };
}

/** Flushes until the spans of `instanceId` (its own and its steps' and activities') include its instance span. */
async function spansOf(tracing: TracingTelemetry, instanceId: string, expectedActivities: number): Promise<ReceivedSpan[]> {
  for (let i = 0; i < 200; i++) {
    await tracing.forceFlush();
    const mine = receiver.spans.filter((s) => s.attributes['flowdeck.instance.id'] === instanceId);
    if (mine.some((s) => s.name.startsWith('workflow ') && !s.name.startsWith('workflow step')) && mine.filter((s) => s.name.startsWith('activity')).length >= expectedActivities) {
      return mine.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no complete trace of ${instanceId}: ${JSON.stringify(receiver.spans.map((s) => s.name))}`);
}

function split(spans: ReceivedSpan[]) {
  return {
    instance: spans.filter((s) => s.name.startsWith('workflow ') && !s.name.startsWith('workflow step')),
    steps: spans.filter((s) => s.name.startsWith('workflow step')),
    activities: spans.filter((s) => s.name.startsWith('activity')),
  };
}

describe.each(availableDatabases())('traces on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
    cleanups.push(() => db.dispose());
  });

  test('a chained workflow: one trace, steps under the instance span, each activity under the step that scheduled it', async () => {
    const { runtime, tracing } = await tracedRuntime(createDatabaseStore(db.prisma, kind));
    const id = await runtime.client().scheduleNewWorkflow('chain', 'x', 'chain-1');
    expect((await runtime.client().waitForWorkflowCompletion(id, true, 30))?.serializedOutput).toBe(JSON.stringify('x+++'));
    const spans = await spansOf(tracing, id, 3);
    const { instance, steps, activities } = split(spans);

    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(instance).toHaveLength(1);
    expect(instance[0]).toMatchObject({ name: 'workflow chain', parentSpanId: undefined, serviceName: 'flowdeck-test', statusCode: 0 });
    expect(instance[0].attributes).toMatchObject({ 'flowdeck.workflow.name': 'chain', 'flowdeck.instance.status': 'COMPLETED' });
    // Four steps: start, then one per activity result (the last completes the instance).
    expect(steps).toHaveLength(4);
    for (const step of steps) expect(step.parentSpanId).toBe(instance[0].spanId);
    expect(steps.at(-1)!.attributes).toMatchObject({ 'flowdeck.outcome': 'completed', 'flowdeck.instance.status': 'COMPLETED' });
    expect(activities.map((a) => a.parentSpanId)).toEqual(steps.slice(0, 3).map((s) => s.spanId));
    for (const activity of activities) {
      expect(activity.attributes).toMatchObject({ 'flowdeck.activity.name': 'step', 'flowdeck.activity.attempt': 1, 'flowdeck.outcome': 'completed' });
    }
  });

  test('a fan-out: the parallel activities are siblings under the one step that scheduled them', async () => {
    const { runtime, tracing } = await tracedRuntime(createDatabaseStore(db.prisma, kind));
    const id = await runtime.client().scheduleNewWorkflow('fanout', undefined, 'fanout-1');
    await runtime.client().waitForWorkflowCompletion(id, true, 30);
    const { instance, steps, activities } = split(await spansOf(tracing, id, 3));
    expect(activities).toHaveLength(3);
    expect(new Set(activities.map((a) => a.parentSpanId))).toEqual(new Set([steps[0].spanId]));
    expect(activities.map((a) => a.attributes['flowdeck.task.id']).sort()).toEqual([0, 1, 2]);
    expect(new Set([...steps, ...activities].map((s) => s.traceId))).toEqual(new Set([instance[0].traceId]));
  });

  test("a child workflow: its instance span is a child of the parent's step that started it, in the parent's trace", async () => {
    const { runtime, tracing } = await tracedRuntime(createDatabaseStore(db.prisma, kind));
    const id = await runtime.client().scheduleNewWorkflow('parent', undefined, 'parent-1');
    await runtime.client().waitForWorkflowCompletion(id, true, 30);
    const parent = split(await spansOf(tracing, id, 0));
    const child = split(await spansOf(tracing, 'parent-1-child', 3));
    expect(child.instance[0].traceId).toBe(parent.instance[0].traceId);
    expect(child.instance[0].parentSpanId).toBe(parent.steps[0].spanId);
    for (const step of child.steps) expect(step.parentSpanId).toBe(child.instance[0].spanId);
    expect(new Set(child.activities.map((a) => a.traceId))).toEqual(new Set([parent.instance[0].traceId]));
  });

  test('a retried activity: one span per attempt, the failed one with an error status, each under the step that scheduled it', async () => {
    const { runtime, tracing } = await tracedRuntime(createDatabaseStore(db.prisma, kind));
    const id = await runtime.client().scheduleNewWorkflow('retrying', undefined, 'retrying-1');
    expect((await runtime.client().waitForWorkflowCompletion(id, true, 30))?.serializedOutput).toBe(JSON.stringify('ok'));
    const { steps, activities } = split(await spansOf(tracing, id, 2));
    expect(activities.map((a) => [a.attributes['flowdeck.activity.attempt'], a.attributes['flowdeck.outcome'], a.statusCode])).toEqual([
      [1, 'failed', 2],
      [2, 'completed', 0],
    ]);
    // Steps: start (attempt 1), the failure (retry timer), the timer (attempt 2), the result.
    expect(activities.map((a) => a.parentSpanId)).toEqual([steps[0].spanId, steps[2].spanId]);
    expect(activities[0]).toMatchObject({ statusMessage: 'the activity failed', scopeName: 'flowdeck', serviceName: 'flowdeck-test' });
    expect(activities.every((a) => a.endNs >= a.startNs)).toBe(true);
  });

  test("a terminated instance: one instance span with an error status, though the child's late result takes one more step", async () => {
    const { runtime, tracing } = await tracedRuntime(createDatabaseStore(db.prisma, kind));
    const id = await runtime.client().scheduleNewWorkflow('waitsForChild', undefined, 'terminated-1');
    await expect.poll(async () => (await runtime.store.getInstance(`${id}-child`))?.status, { timeout: 10_000 }).toBe('RUNNING');
    await runtime.client().terminateWorkflow(id);
    await runtime.client().waitForWorkflowCompletion(`${id}-child`, false, 30);
    const terminatedSteps = async () => {
      await tracing.forceFlush();
      return receiver.spans.filter((s) => s.name === 'workflow step waitsForChild' && s.attributes['flowdeck.instance.status'] === 'TERMINATED').length;
    };
    // The terminate's step, then the step that consumes the child's result (the parent has ended: dropped).
    await expect.poll(terminatedSteps, { timeout: 10_000 }).toBe(2);
    const instance = split(await spansOf(tracing, id, 0)).instance;
    expect(instance).toHaveLength(1);
    expect(instance[0]).toMatchObject({ statusCode: 2, attributes: { 'flowdeck.instance.status': 'TERMINATED' } });
  });

  test("a traceparent given at start: the instance continues the caller's trace under the caller's span", async () => {
    const { runtime, tracing } = await tracedRuntime(createDatabaseStore(db.prisma, kind));
    const trace = { traceParent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`, traceState: 'vendor=abc' };
    const id = await runtime.client().scheduleNewWorkflow('chain', 'x', 'called-1', undefined, trace);
    await runtime.client().waitForWorkflowCompletion(id, true, 30);
    const spans = await spansOf(tracing, id, 3);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([CALLER_TRACE]));
    expect(split(spans).instance[0].parentSpanId).toBe(CALLER_SPAN);
  });

  test('across a restart: a new runtime on the same database continues the instance in the same trace', async () => {
    const first = await tracedRuntime(createDatabaseStore(db.prisma, kind));
    const id = await first.runtime.client().scheduleNewWorkflow('gated', undefined, 'gated-1');
    for (let i = 0; i < 400 && !(await waitsForEvent(first.runtime.store, id)); i++) await new Promise((r) => setTimeout(r, 25));
    await cleanups.pop()!(); // the runtime stops and its tracer flushes, as a process that shuts down
    const before = receiver.spans.filter((s) => s.attributes['flowdeck.instance.id'] === id);
    expect(before.filter((s) => s.name.startsWith('activity'))).toHaveLength(1);
    expect(before.filter((s) => s.name.startsWith('workflow step')).length).toBeGreaterThanOrEqual(2);

    const prisma = createPrismaClient(db.url);
    cleanups.push(() => prisma.$disconnect());
    const second = await tracedRuntime(createDatabaseStore(prisma, kind));
    await second.runtime.client().raiseEvent(id, 'go');
    await second.runtime.client().waitForWorkflowCompletion(id, true, 30);
    const spans = await spansOf(second.tracing, id, 2);
    const after = spans.filter((s) => !before.some((b) => b.spanId === s.spanId));
    const { instance, steps } = split(spans);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(instance[0].parentSpanId).toBeUndefined();
    for (const step of steps) expect(step.parentSpanId).toBe(instance[0].spanId);
  });
});

async function waitsForEvent(store: WorkflowStore, id: string): Promise<boolean> {
  const instance = await store.getInstance(id);
  return (instance?.waitingOn?.events.length ?? 0) > 0;
}
