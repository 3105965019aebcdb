// The engine suite, part: the direct hand-over between a process's workflow and activity workers
// (lib/engine/worker-pairing.ts): a sequence runs without claims, and the queue path still serves when it is off.
import { expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowContext, type WorkflowStore } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** The store with counts of the tasks and instances its claims returned. */
function countingClaims(store: WorkflowStore): { store: WorkflowStore; claimed: { tasks: number; instances: number } } {
  const claimed = { tasks: 0, instances: 0 };
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'claimActivityTasks') {
        return async (...args: Parameters<WorkflowStore['claimActivityTasks']>) => {
          const tasks = await target.claimActivityTasks(...args);
          claimed.tasks += tasks.length;
          return tasks;
        };
      }
      if (property === 'claimWorkflowWorkItems') {
        return async (...args: Parameters<WorkflowStore['claimWorkflowWorkItems']>) => {
          const items = await target.claimWorkflowWorkItems(...args);
          claimed.instances += items.length;
          return items;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, claimed };
}

/** Registers the engine tests on the direct hand-over; `bed` holds the running test's engine. */
export function engineHandover(bed: EngineTestBed): void {
  const runChain = async (directHandover: boolean) => {
    await bed.runtime.stop();
    const { store, claimed } = countingClaims(bed.fixture.store);
    const runtime = (bed.runtime = new WorkflowRuntime({ store, pollIntervalMs: 50, executorCacheSize: bed.executorCacheSize, directHandover, log: () => undefined }));
    runtime.registerActivityWithName('inc', (_ctx: unknown, n: number) => n + 1);
    runtime.registerWorkflowWithName('counter', function* (ctx: WorkflowContext, n: number) {
      for (let i = 0; i < 5; i++) n = (yield ctx.callActivity('inc', n)) as number;
      return n;
    });
    bed.client = runtime.client();
    await runtime.start();
    const id = await bed.client.scheduleNewWorkflow('counter', 0);
    const state = await bed.client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.runtimeStatus).toBe('COMPLETED');
    expect(state?.serializedOutput).toBe('5');
    const kinds = await bed.kinds(id);
    expect(kinds.filter((k) => k === 'TaskScheduled')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'TaskCompleted')).toHaveLength(5);
    return claimed;
  };

  test('a sequence of activities runs without claims: each task is handed over by its step, each result commits the next step', async () => {
    const claimed = await runChain(true);
    expect(claimed.tasks).toBe(0);
    // The start is claimed; with no executor kept between steps (executorCacheSize 0) results go through the inbox.
    if (bed.executorCacheSize === 0) expect(claimed.instances).toBe(6);
    else expect(claimed.instances).toBe(1);
  });

  test('with directHandover off every task and result goes through the queue, with the same history', async () => {
    const claimed = await runChain(false);
    expect(claimed.tasks).toBe(5);
    expect(claimed.instances).toBe(6);
  });
}
