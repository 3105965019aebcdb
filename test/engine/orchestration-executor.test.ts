import { describe, expect, test } from 'vitest';
import { applyActions } from '@/lib/engine/apply-actions';
import {
  childCreated,
  eventRaised,
  executionResumed,
  executionStarted,
  executionSuspended,
  executionTerminated,
  orchestratorCompleted,
  orchestratorStarted,
  taskCompleted,
  taskScheduled,
  timerCreated,
  timerFired,
} from '@/lib/engine/history-builders';
import type { HistoryEvent } from '@/lib/engine/history-events';
import { OrchestrationExecutor } from '@/lib/engine/orchestration-executor';
import { runtimeStateOf, type RuntimeState } from '@/lib/engine/runtime-state';
import type { InstanceRecord } from '@/lib/engine/store';
import type { Workflow, WorkflowContext } from '@/lib/engine/authoring';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:05.000Z';
const at = (iso: string) => new Date(iso);

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
const started = (name: string, input?: unknown): HistoryEvent => executionStarted(T0, { name, instanceId: 'i-1', executionId: 'e-1', input: json(input) });
const step = (time: string, ...events: HistoryEvent[]): HistoryEvent[] => [orchestratorStarted(time), ...events, orchestratorCompleted(time)];
const scheduled = (id: number, name: string, input?: unknown): HistoryEvent => taskScheduled(id, T0, name, json(input));
const completed = (id: number, result: unknown): HistoryEvent => taskCompleted(T1, id, JSON.stringify(result));

const instance: InstanceRecord = {
  instanceId: 'i-1',
  name: 'wf',
  executionId: 'e-1',
  status: 'RUNNING',
  createdAt: at(T0),
  lastUpdatedAt: at(T0),
  historyLength: 0,
  version: 0,
};

/** An executor driven as the workflow worker drives it: its actions go through applyActions. */
function executorFor(workflows: Record<string, Workflow>) {
  const executor = new OrchestrationExecutor((name) => workflows[name], 1024 * 1024);
  let state: RuntimeState = runtimeStateOf([]);
  return {
    async replay(history: HistoryEvent[]) {
      state = runtimeStateOf(history);
      await executor.replay(history);
    },
    async step(events: HistoryEvent[], now: Date) {
      const newEvents = [orchestratorStarted(now), ...events.filter((e) => e.kind === 'ExecutionStarted'), ...events.filter((e) => e.kind !== 'ExecutionStarted')];
      const outcome = await executor.step(newEvents);
      const applied = applyActions({ instance, state, newEvents, outcome, consumedMessageIds: [], now, newExecutionId: () => 'e-2' });
      state = applied.state;
      return applied;
    },
  };
}

describe('orchestration executor (pure replay)', () => {
  const chain: Workflow = function* (ctx: WorkflowContext, x: number) {
    const a = (yield ctx.callActivity('step1', x)) as number;
    const b = (yield ctx.callActivity('step2', a)) as number;
    return b;
  };

  test('the first step schedules the first activity', async () => {
    const ex = executorFor({ chain });
    const result = await ex.step([started('chain', 1)], at(T0));
    expect(result.events.map((e) => e.kind)).toEqual(['OrchestratorStarted', 'ExecutionStarted', 'TaskScheduled', 'OrchestratorCompleted']);
    expect(result.events[2]).toMatchObject({ eventId: 0, name: 'step1', input: '1' });
    expect(result.completion).toBeUndefined();
    expect(result.waitingOn.activities).toEqual([{ taskId: 0, name: 'step1', scheduledAt: T0, attempt: 1 }]);
  });

  test('replaying recorded history returns recorded results instead of scheduling again', async () => {
    const ex = executorFor({ chain });
    await ex.replay([...step(T0, started('chain', 1), scheduled(0, 'step1', 1))]);
    const result = await ex.step([completed(0, 2)], at(T1));
    const kinds = result.events.map((e) => e.kind);
    expect(kinds).toEqual(['OrchestratorStarted', 'TaskCompleted', 'TaskScheduled', 'OrchestratorCompleted']);
    expect(result.events[2]).toMatchObject({ eventId: 1, name: 'step2', input: '2' });
  });

  test('completes with the output once every task has a result', async () => {
    const ex = executorFor({ chain });
    await ex.replay([...step(T0, started('chain', 1), scheduled(0, 'step1', 1)), ...step(T1, completed(0, 2), scheduled(1, 'step2', 2))]);
    const result = await ex.step([completed(1, 4)], at(T1));
    expect(result.completion).toEqual({ status: 'COMPLETED', output: '4' });
    expect(result.events.map((e) => e.kind)).toContain('ExecutionCompleted');
  });

  test('a different activity at the same position is a non-determinism error naming both', async () => {
    const changed: Workflow = function* (ctx: WorkflowContext) {
      yield ctx.callActivity('renamedStep', 1);
    };
    const ex = executorFor({ chain: changed });
    await ex.replay(step(T0, started('chain', 1), scheduled(0, 'step1', 1)));
    const result = await ex.step([completed(0, 2)], at(T1));
    expect(result.completion?.status).toBe('FAILED');
    const failure = (result.completion as { failure: { errorType: string; message: string } }).failure;
    expect(failure.errorType).toBe('NonDeterminismError');
    expect(failure.message).toContain("activity 'step1'");
    expect(failure.message).toContain("activity 'renamedStep'");
    expect(failure.message).toContain('code changed under a running instance');
  });

  test('a timer where history has an activity is a non-determinism error', async () => {
    const changed: Workflow = function* (ctx: WorkflowContext) {
      yield ctx.createTimer(5);
    };
    const ex = executorFor({ chain: changed });
    await ex.replay(step(T0, started('chain', 1), scheduled(0, 'step1', 1)));
    const result = await ex.step([], at(T1));
    const failure = (result.completion as { failure: { errorType: string; message: string } }).failure;
    expect(failure.errorType).toBe('NonDeterminismError');
    expect(failure.message).toMatch(/expects activity 'step1'.*scheduled timer/);
  });

  test('code that schedules more than history recorded is a non-determinism error', async () => {
    const changed: Workflow = function* (ctx: WorkflowContext) {
      yield ctx.whenAll([ctx.callActivity('step1', 1), ctx.callActivity('extra', 1)]);
    };
    const ex = executorFor({ chain: changed });
    await ex.replay(step(T0, started('chain', 1), scheduled(0, 'step1', 1)));
    const result = await ex.step([], at(T1));
    expect((result.completion as { failure: { message: string } }).failure.message).toContain("activity 'extra'");
  });

  test('current time comes from the step, not the clock', async () => {
    const times: string[] = [];
    const clocky: Workflow = function* (ctx: WorkflowContext) {
      times.push(ctx.getCurrentUtcDateTime().toISOString());
      yield ctx.createTimer(1);
      times.push(ctx.getCurrentUtcDateTime().toISOString());
    };
    const ex = executorFor({ clocky });
    const fired: HistoryEvent = { ...timerFired(0, '2026-01-01T00:00:01.000Z'), timestamp: T1 };
    await ex.replay(step(T0, started('clocky'), timerCreated(0, T0, '2026-01-01T00:00:01.000Z')));
    await ex.step([fired], at(T1));
    expect(times).toEqual([T0, T1]);
  });

  test('events raised while suspended are applied only after resume, also on replay', async () => {
    const waiter: Workflow = function* (ctx: WorkflowContext) {
      return (yield ctx.waitForExternalEvent('go')) as unknown;
    };
    const raised: HistoryEvent = eventRaised(T1, 'GO', '"yes"');
    const history = [
      ...step(T0, started('waiter')),
      ...step(T1, executionSuspended(T1), raised),
    ];
    const ex = executorFor({ waiter });
    await ex.replay(history);
    const stillPaused = await ex.step([], at(T1));
    expect(stillPaused.suspended).toBe(true);
    expect(stillPaused.completion).toBeUndefined();
    const resumed = await ex.step([executionResumed(T1)], at(T1));
    expect(resumed.completion).toEqual({ status: 'COMPLETED', output: '"yes"' });
  });

  test('terminate lists the live children to terminate with it', async () => {
    const parent: Workflow = function* (ctx: WorkflowContext) {
      yield ctx.callChildWorkflow('kid', undefined, 'kid-a');
    };
    const ex = executorFor({ parent });
    await ex.replay(step(T0, started('parent'), childCreated(0, T0, { name: 'kid', instanceId: 'kid-a' })));
    const result = await ex.step([executionTerminated(T1, '"bye"', true)], at(T1));
    expect(result.completion).toEqual({ status: 'TERMINATED', output: '"bye"', childrenToTerminate: ['kid-a'] });
  });

  test('yielding something that is not a task fails the instance with a clear error', async () => {
    const wrong: Workflow = function* () {
      yield 42 as never;
    };
    const result = await executorFor({ wrong }).step([started('wrong')], at(T0));
    expect((result.completion as { failure: { message: string } }).failure.message).toBe('a workflow may only yield tasks; it yielded a number');
  });

  test('async generator workflows (as the SDK examples write them) run too', async () => {
    const asyncWf: Workflow = async function* (ctx: WorkflowContext) {
      const a = (yield ctx.callActivity('step1', 1)) as unknown;
      return a;
    };
    const ex = executorFor({ asyncWf });
    await ex.step([started('asyncWf')], at(T0));
    const result = await ex.step([completed(0, 'done')], at(T1));
    expect(result.completion).toEqual({ status: 'COMPLETED', output: '"done"' });
  });

  test('what the instance waits for is capped per list, with totals, so wide fan-outs stay small', async () => {
    const wide: Workflow = function* (ctx: WorkflowContext) {
      yield ctx.whenAll(Array.from({ length: 150 }, (_, i) => ctx.callActivity('work', i)));
    };
    const result = await executorFor({ wide }).step([started('wide')], at(T0));
    expect(result.waitingOn.activities).toHaveLength(100);
    expect(result.waitingOn.totals).toEqual({ activities: 150, timers: 0, events: 0, children: 0 });
  });

  test('a terminate consumed with the event that continues as new ends the instance; a pause carries over', async () => {
    const eternal: Workflow = function* (ctx: WorkflowContext) {
      yield ctx.callActivity('check');
      ctx.continueAsNew(null);
    };
    const base = step(T0, started('eternal'), scheduled(0, 'check'));
    const terminated = executorFor({ eternal });
    await terminated.replay(base);
    const ended = await terminated.step(
      [completed(0, 'ok'), executionTerminated(T1, undefined, true)],
      at(T1),
    );
    expect(ended.completion).toEqual({ status: 'TERMINATED', output: undefined, childrenToTerminate: [] });

    const paused = executorFor({ eternal });
    await paused.replay(base);
    const restarted = await paused.step([completed(0, 'ok'), executionSuspended(T1)], at(T1));
    expect(restarted.completion).toMatchObject({ status: 'CONTINUED_AS_NEW', carryOverEvents: [{ kind: 'ExecutionSuspended' }] });
  });

  test('a timer raced in a whenAny against an event wait records the event it races (replay still matches)', async () => {
    const approval: Workflow = function* (ctx: WorkflowContext) {
      const event = ctx.waitForExternalEvent('approval');
      const timeout = ctx.createTimer(60);
      const plain = ctx.createTimer(5);
      const winner = (yield ctx.whenAny([event, timeout])) as unknown;
      yield plain;
      return winner === timeout ? 'timed out' : 'approved';
    };
    const first = await executorFor({ approval }).step([started('approval')], at(T0));
    const timers = first.events.filter((e) => e.kind === 'TimerCreated');
    expect(timers).toEqual([
      expect.objectContaining({ eventId: 0, racedEvent: 'approval' }),
      expect.not.objectContaining({ racedEvent: expect.anything() }),
    ]);
    const replayed = executorFor({ approval });
    await replayed.replay(first.events);
    const next = await replayed.step([timerFired(0, '2026-01-01T00:01:00.000Z')], at(T1));
    expect(next.events.some((e) => e.kind === 'ExecutionCompleted')).toBe(false);
    expect(next.waitingOn.timers.map((t) => t.taskId)).toEqual([1]);
  });
});
