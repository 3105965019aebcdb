// The engine suite, part: external events: matching, buffering, timeouts and races against timers.
import { expect, test } from 'vitest';
import type { Task, WorkflowContext } from '@/lib/engine';
import { type EngineTestBed, until } from './bed';

/** Registers the engine tests on external events: matching, buffering, timeouts and races against timers; `bed` holds the running test's engine. */
export function engineExternalEvents(bed: EngineTestBed): void {
  test('external events: case-insensitive, FIFO per name, buffered when early', async () => {
    const { runtime, client } = bed;
    runtime.registerWorkflowWithName('listener', function* (ctx: WorkflowContext) {
      const first = (yield ctx.waitForExternalEvent('Approval')) as unknown;
      const second = (yield ctx.waitForExternalEvent('approval')) as unknown;
      return [first, second];
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('listener');
    await client.raiseEvent(id, 'APPROVAL', 'one'); // may arrive before the wait: buffered
    await client.raiseEvent(id, 'approval', 'two');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe('["one","two"]');
  });

  test('waitForExternalEvent with a timeout fails with TaskTimeoutError; whenAny races an event with a timer', async () => {
    const { runtime, client, fixture } = bed;
    runtime.registerWorkflowWithName('impatient', function* (ctx: WorkflowContext) {
      let timedOut = false;
      try {
        yield ctx.waitForExternalEvent('never', { timeoutInSeconds: 0.1 });
      } catch (e) {
        timedOut = (e as Error).name === 'TaskTimeoutError';
      }
      const approval = ctx.waitForExternalEvent('approve');
      const timeout = ctx.createTimer(30);
      const winner = (yield ctx.whenAny([approval, timeout])) as Task;
      return { timedOut, approved: winner === approval, payload: approval.result };
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('impatient');
    await until(async () => {
      const row = await fixture.store.getInstance(id);
      return row?.waitingOn?.events.some((e) => e.name === 'approve' && e.deadline !== undefined) ?? false;
    }, 'the approval wait with its deadline');
    const row = await fixture.store.getInstance(id);
    const wait = row!.waitingOn!.events[0];
    expect(Date.parse(wait.deadline!) - Date.parse(wait.since)).toBe(30_000);
    expect(row!.waitingForEventSince).toBeInstanceOf(Date);
    await client.raiseEvent(id, 'approve', { by: 'ann' });
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ timedOut: true, approved: true, payload: { by: 'ann' } });
    expect((await fixture.store.getInstance(id))!.waitingForEventSince).toBeUndefined();
  });
}
