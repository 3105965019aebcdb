// The engine suite, part: activity retries: back-off on durable timers, giving up after the last attempt.
import { expect, test } from 'vitest';
import type { WorkflowActivityContext, WorkflowContext } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** Registers the engine tests on activity retries: back-off on durable timers, giving up after the last attempt; `bed` holds the running test's engine. */
export function engineRetries(bed: EngineTestBed): void {
  test('retries wait on durable timers with backoff, appear in history, then succeed', async () => {
    const { runtime, client, history } = bed;
    let attempts = 0;
    runtime.registerActivityWithName('flaky', (ctx: WorkflowActivityContext) => {
      attempts++;
      if (ctx.getAttempt() < 3) throw new Error(`attempt ${ctx.getAttempt()} failed`);
      return `ok on ${ctx.getAttempt()}`;
    });
    runtime.registerWorkflowWithName('retrying', function* (ctx: WorkflowContext) {
      return (yield ctx.callActivity('flaky', undefined, {
        retryPolicy: { maxNumberOfAttempts: 4, firstRetryIntervalInMilliseconds: 50, backoffCoefficient: 2 },
      })) as unknown;
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('retrying');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe('"ok on 3"');
    expect(attempts).toBe(3);
    const events = await history(id);
    const retryTimers = events.filter((e) => e.kind === 'TimerCreated' && e.purpose === 'retry');
    expect(retryTimers).toHaveLength(2);
    const delays = retryTimers.map((t) => Date.parse((t as { fireAt: string }).fireAt) - Date.parse(t.timestamp));
    expect(delays).toEqual([50, 100]);
    const scheduled = events.filter((e) => e.kind === 'TaskScheduled');
    expect(scheduled.map((e) => (e as { attempt?: number }).attempt ?? 1)).toEqual([1, 2, 3]);
    expect(scheduled.map((e) => (e as { maxAttempts?: number }).maxAttempts)).toEqual([4, 4, 4]);
  });

  test('retries give up after maxNumberOfAttempts and fail the task', async () => {
    const { runtime, client, calls } = bed;
    runtime.registerWorkflowWithName('hopeless', function* (ctx: WorkflowContext) {
      yield ctx.callActivity('boom', undefined, { retryPolicy: { maxNumberOfAttempts: 2, firstRetryIntervalInMilliseconds: 10 } });
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('hopeless');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.runtimeStatus).toBe('FAILED');
    expect(state?.workflowFailureDetails?.errorType).toBe('TaskFailedError');
    expect(calls).toEqual(['boom', 'boom']);
  });
}
