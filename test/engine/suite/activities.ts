// The engine suite, part: activities: chaining, fan-out/fan-in, failures caught by the workflow or failing it.
import { expect, test } from 'vitest';
import type { WorkflowContext } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** Registers the engine tests on activities: chaining, fan-out/fan-in, failures caught by the workflow or failing it; `bed` holds the running test's engine. */
export function engineActivities(bed: EngineTestBed): void {
  test('chaining runs activities in order and records the event-sourced history', async () => {
    const { runtime, client, fixture, calls, kinds } = bed;
    runtime.registerWorkflowWithName('chain', function* (ctx: WorkflowContext, input: number) {
      const a = (yield ctx.callActivity('echo', input + 1)) as number;
      const b = (yield ctx.callActivity('echo', a * 2)) as number;
      return [a, b];
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('chain', 1, 'chain-1');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.runtimeStatus).toBe('COMPLETED');
    expect(state?.serializedOutput).toBe('[2,4]');
    expect(state?.serializedInput).toBe('1');
    expect(calls).toEqual(['echo:2', 'echo:4']);
    const events = await kinds(id);
    expect(events[0]).toBe('OrchestratorStarted');
    expect(events[1]).toBe('ExecutionStarted');
    expect(events.filter((k) => k === 'TaskScheduled')).toHaveLength(2);
    expect(events.filter((k) => k === 'TaskCompleted')).toHaveLength(2);
    expect(events.at(-2)).toBe('ExecutionCompleted');
    const seqs = (await fixture.store.getHistory(id)).map((e) => e.sequence);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });

  test('fan-out/fan-in runs activities in parallel and collects results in order', async () => {
    const { runtime, client, calls } = bed;
    runtime.registerWorkflowWithName('fan', function* (ctx: WorkflowContext, n: number) {
      const tasks = Array.from({ length: n }, (_, i) => ctx.callActivity('echo', i));
      const results = (yield ctx.whenAll(tasks)) as number[];
      return results.reduce((s, x) => s + x, 0);
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('fan', 20);
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe(String((19 * 20) / 2));
    expect(calls).toHaveLength(20);
  });

  test('a failed activity surfaces as a catchable TaskFailedError with type, message and stack', async () => {
    const { runtime, client, calls } = bed;
    runtime.registerWorkflowWithName('catcher', function* (ctx: WorkflowContext) {
      try {
        yield ctx.callActivity('boom');
        return 'unreachable';
      } catch (error) {
        const e = error as { name: string; details: { errorType: string; message: string; stackTrace?: string } };
        yield ctx.callActivity('echo', 'compensate');
        return { name: e.name, type: e.details.errorType, message: e.details.message, hasStack: !!e.details.stackTrace };
      }
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('catcher');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ name: 'TaskFailedError', type: 'TypeError', message: 'kaboom', hasStack: true });
    expect(calls).toEqual(['boom', 'echo:"compensate"']);
  });

  test('an uncaught error fails the instance with its failure details', async () => {
    const { runtime, client } = bed;
    runtime.registerWorkflowWithName('thrower', function* (ctx: WorkflowContext) {
      yield ctx.callActivity('echo', 1);
      throw new RangeError('bad input');
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('thrower');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.runtimeStatus).toBe('FAILED');
    expect(state?.workflowFailureDetails).toMatchObject({ errorType: 'RangeError', message: 'bad input' });
    expect(state?.serializedOutput).toBeUndefined();
  });
}
