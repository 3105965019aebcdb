import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowActivity } from '@/lib/engine';
import { processWorkItem } from '@/lib/workflows/batch-processing';
import { outputOf, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

/** Wraps process_work_item to record how many run at the same moment. */
function countingWorkItem(): { activity: WorkflowActivity<number, number>; peak: () => number; calls: () => number } {
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  return {
    activity: async (ctx, item) => {
      inFlight += 1;
      calls += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await processWorkItem(ctx, item);
      } finally {
        inFlight -= 1;
      }
    },
    peak: () => peak,
    calls: () => calls,
  };
}

describe('BatchProcessingWorkflow', () => {
  it('doubles every item in parallel and sends the sum to process_results', async () => {
    const counter = countingWorkItem();
    h.runtime.registerActivityWithName('process_work_item', counter.activity);
    const state = await h.run('BatchProcessingWorkflow', 6);
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toBe(2 * (1 + 2 + 3 + 4 + 5 + 6));
    const names = await h.scheduledActivities(state.instanceId);
    expect(names[0]).toBe('get_work_batch');
    expect(names.filter((n) => n === 'process_work_item')).toHaveLength(6);
    expect(names.at(-1)).toBe('process_results');
    expect(counter.peak()).toBe(6);
    expect(await h.logs(state.instanceId)).toContain('Final result: 42');
  });

  it('never has more than maxConcurrency work items in flight', async () => {
    const counter = countingWorkItem();
    h.runtime.registerActivityWithName('process_work_item', counter.activity);
    const state = await h.run('BatchProcessingWorkflow', { batchSize: 7, maxConcurrency: 2 });
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toBe(56);
    expect(counter.calls()).toBe(7);
    expect(counter.peak()).toBe(2);
  });

  it('fails the instance on a malformed input, naming the field', async () => {
    const state = await h.run('BatchProcessingWorkflow', { batchSize: 3, maxConcurrency: 0 });
    expect(state.runtimeStatus).toBe('FAILED');
    expect(state.workflowFailureDetails?.message).toContain("'maxConcurrency' must be a whole number >= 1");
  });
});
