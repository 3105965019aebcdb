// The engine suite, part: durable timers: they fire after their delay, on time, with no client activity.
import { expect, test } from 'vitest';
import type { WorkflowContext } from '@/lib/engine';
import { type EngineTestBed, until } from './bed';

/** Registers the engine tests on durable timers: they fire after their delay, on time, with no client activity; `bed` holds the running test's engine. */
export function engineTimers(bed: EngineTestBed): void {
  test('durable timers fire after their delay', async () => {
    const { runtime, client, kinds } = bed;
    runtime.registerWorkflowWithName('sleeper', function* (ctx: WorkflowContext) {
      const start = ctx.getCurrentUtcDateTime();
      yield ctx.createTimer(0.3);
      return ctx.getCurrentUtcDateTime().getTime() - start.getTime();
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('sleeper');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(Number(state?.serializedOutput)).toBeGreaterThanOrEqual(300);
    expect(await kinds(id)).toContain('TimerFired');
  });

  test('a 2 s timer fires within 1 s after its due time, without any client activity', async () => {
    const { runtime, client, history, statusOf } = bed;
    runtime.registerWorkflowWithName('two-seconds', function* (ctx: WorkflowContext) {
      yield ctx.createTimer(2);
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('two-seconds');
    await until(async () => (await statusOf(id)) === 'COMPLETED', 'the timer to fire', 10_000);
    const events = await history(id);
    const fired = events.findIndex((e) => e.kind === 'TimerFired');
    const stepStart = events.slice(0, fired).reverse().find((e) => e.kind === 'OrchestratorStarted')!;
    const due = Date.parse((events[fired] as { fireAt: string }).fireAt);
    const lateBy = Date.parse(stepStart.timestamp) - due;
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(1_000);
  });
}
