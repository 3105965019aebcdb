// The engine suite, part: concurrency caps and graceful stop.
import { expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowContext } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** Registers the engine tests on concurrency caps and graceful stop; `bed` holds the running test's engine. */
export function engineConcurrency(bed: EngineTestBed): void {
  test('maxConcurrentActivityInvocations caps activities in flight', async () => {
    let { runtime, client } = bed;
    const { fixture, executorCacheSize } = bed;
    await runtime.stop();
    runtime = bed.runtime = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, maxConcurrentActivityInvocations: 2, executorCacheSize, log: () => undefined });
    let inFlight = 0;
    let peak = 0;
    runtime.registerActivityWithName('slow', async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
    });
    runtime.registerWorkflowWithName('wide', function* (ctx: WorkflowContext) {
      yield ctx.whenAll(Array.from({ length: 8 }, () => ctx.callActivity('slow')));
    });
    client = bed.client = runtime.client();
    await runtime.start();
    const id = await client.scheduleNewWorkflow('wide');
    await client.waitForWorkflowCompletion(id, true, 10);
    expect(peak).toBe(2);
  });

  test('stop() lets a running activity finish and releases leases: the next runtime completes without re-running it', async () => {
    let { runtime, client } = bed;
    const { fixture, statusOf, executorCacheSize } = bed;
    await runtime.stop();
    let runs = 0;
    let release: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (release = resolve));
    const make = () => {
      const r = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, leaseMs: 60_000, shutdownGraceMs: 5_000, executorCacheSize, log: () => undefined });
      r.registerActivityWithName('slow', async () => {
        runs++;
        release();
        await new Promise((done) => setTimeout(done, 300));
        return 'finished';
      });
      r.registerWorkflowWithName('graceful', function* (ctx: WorkflowContext) {
        return (yield ctx.callActivity('slow')) as string;
      });
      return r;
    };
    runtime = bed.runtime = make();
    client = bed.client = runtime.client();
    await runtime.start();
    const id = await client.scheduleNewWorkflow('graceful');
    await running;
    await runtime.stop(); // waits for the activity; its result reaches the inbox
    expect(await statusOf(id)).toBe('RUNNING');
    // A lease still held would keep this instance from being claimed for 60 s.
    runtime = bed.runtime = make();
    client = bed.client = runtime.client();
    await runtime.start();
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe('"finished"');
    expect(runs).toBe(1);
  });

  test('maxConcurrentWorkflowInvocations caps workflow steps in flight', async () => {
    let { runtime, client } = bed;
    const { fixture, executorCacheSize } = bed;
    await runtime.stop();
    let inFlight = 0;
    let peak = 0;
    const measure = (limit?: number) => {
      const r = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, maxConcurrentWorkflowInvocations: limit, executorCacheSize, log: () => undefined });
      r.registerWorkflowWithName('busy', async function* () {
        peak = Math.max(peak, ++inFlight);
        await new Promise((done) => setTimeout(done, 20));
        inFlight--;
        return 1;
      });
      return r;
    };
    runtime = bed.runtime = measure(1);
    client = bed.client = runtime.client();
    const ids = await Promise.all(Array.from({ length: 6 }, () => client.scheduleNewWorkflow('busy')));
    await runtime.start();
    for (const id of ids) await client.waitForWorkflowCompletion(id, true, 10);
    expect(peak).toBe(1);
  });
}
