// runtimeStateOf / advanceRuntimeState: what a history says is open, started, paused or ended.
import { describe, expect, it } from 'vitest';
import {
  childCompleted,
  childCreated,
  childFailed,
  eventRaised,
  executionCompleted,
  executionResumed,
  executionStarted,
  executionSuspended,
  executionTerminated,
  orchestratorCompleted,
  orchestratorStarted,
  taskCompleted,
  taskFailed,
  taskScheduled,
  timerCreated,
  timerFired,
} from './history-builders';
import type { HistoryEvent } from './history-events';
import { advanceRuntimeState, emptyRuntimeState, runtimeStateOf } from './runtime-state';

const T0 = '2026-04-01T08:00:00.000Z';
const T1 = '2026-04-01T08:00:10.000Z';
const DUE = '2026-04-01T09:00:00.000Z';
const failure = { errorType: 'Error', message: 'no' };
const started = executionStarted(T0, { name: 'Flow', instanceId: 'f-1', executionId: 'x-1' });

/** A history with three activities, three timers and three children, one of each still open. */
const history: HistoryEvent[] = [
  orchestratorStarted(T0),
  started,
  taskScheduled(0, T0, 'a', undefined),
  taskScheduled(1, T0, 'b', undefined),
  taskScheduled(2, T0, 'c', undefined, { retryOf: 0, attempt: 3, maxAttempts: 5 }),
  timerCreated(3, T0, DUE),
  timerCreated(4, T0, DUE, 'retry', 'a'),
  timerCreated(5, T0, DUE, 'eventTimeout', 'approval'),
  childCreated(6, T0, { name: 'Kid', instanceId: 'k-6' }),
  childCreated(7, T0, { name: 'Kid', instanceId: 'k-7' }),
  childCreated(8, T0, { name: 'Kid', instanceId: 'k-8' }),
  orchestratorCompleted(T0),
  orchestratorStarted(T1),
  taskCompleted(T1, 0, '1'),
  taskFailed(T1, 1, failure),
  timerFired(3, DUE),
  timerFired(4, DUE),
  childCompleted(T1, 6, '1'),
  childFailed(T1, 8, failure),
  orchestratorCompleted(T1),
];

describe('runtimeStateOf', () => {
  it('has nothing open and nothing started for an empty history', () => {
    expect(runtimeStateOf([])).toEqual(emptyRuntimeState());
    expect(runtimeStateOf([]).started).toBeUndefined();
  });

  it('keeps the tasks scheduled and not yet answered, with what waitingOn needs of them', () => {
    const state = runtimeStateOf(history);
    expect(state.started).toEqual(started);
    expect(state.suspended).toBe(false);
    expect(state.ended).toBe(false);
    expect([...state.activities]).toEqual([[2, { name: 'c', scheduledAt: T0, attempt: 3 }]]);
    expect([...state.timers]).toEqual([[5, { createdAt: T0, fireAt: DUE, purpose: 'eventTimeout', name: 'approval' }]]);
    expect([...state.children]).toEqual([[7, { instanceId: 'k-7', name: 'Kid' }]]);
  });

  it('counts an activity without retry bookkeeping (a remote call) as attempt 1', () => {
    const state = runtimeStateOf([started, taskScheduled(1, T0, 'remote', '"x"')]);
    expect(state.activities.get(1)).toEqual({ name: 'remote', scheduledAt: T0, attempt: 1 });
  });

  it('keeps tasks in the order they were scheduled', () => {
    const ids = [9, 3, 7];
    const state = runtimeStateOf([started, ...ids.map((id) => taskScheduled(id, T0, `t${id}`, undefined))]);
    expect([...state.activities.keys()]).toEqual(ids);
  });

  it('follows suspension and resumption, and ignores a pause after the end', () => {
    expect(runtimeStateOf([started, executionSuspended(T1)]).suspended).toBe(true);
    expect(runtimeStateOf([started, executionSuspended(T1), executionResumed(T1)]).suspended).toBe(false);
    const ended = runtimeStateOf([started, executionCompleted(T1, 'COMPLETED'), executionSuspended(T1)]);
    expect(ended).toMatchObject({ ended: true, suspended: false });
  });

  it('ends on ExecutionCompleted (any status) and on ExecutionTerminated', () => {
    for (const status of ['COMPLETED', 'FAILED', 'CONTINUED_AS_NEW'] as const) {
      expect(runtimeStateOf([started, executionCompleted(T1, status)]).ended).toBe(true);
    }
    expect(runtimeStateOf([started, executionTerminated(T1, undefined)]).ended).toBe(true);
    expect(runtimeStateOf([started, eventRaised(T1, 'e', undefined)]).ended).toBe(false);
  });

  it('keeps the first ExecutionStarted of the execution', () => {
    const again = executionStarted(T1, { name: 'Flow', instanceId: 'f-1', executionId: 'x-2' });
    expect(runtimeStateOf([started, again]).started).toBe(started);
  });

  it('ignores answers to tasks it does not know (stale results)', () => {
    const state = runtimeStateOf([started, taskScheduled(0, T0, 'a', undefined), taskCompleted(T1, 42, '1'), timerFired(43, DUE)]);
    expect([...state.activities.keys()]).toEqual([0]);
    expect(state.timers.size).toBe(0);
  });
});

describe('advanceRuntimeState', () => {
  it('equals the state of the whole history, however the history is cut', () => {
    const whole = runtimeStateOf(history);
    for (const cut of [0, 5, 12, history.length]) {
      expect(advanceRuntimeState(runtimeStateOf(history.slice(0, cut)), history.slice(cut))).toEqual(whole);
    }
  });

  it('leaves the state it advances unchanged (copy-on-write)', () => {
    const before = runtimeStateOf(history.slice(0, 12));
    const snapshot = { ...before, activities: new Map(before.activities), timers: new Map(before.timers), children: new Map(before.children) };
    const after = advanceRuntimeState(before, [taskCompleted(T1, 0, '1'), executionSuspended(T1)]);
    expect(before).toEqual(snapshot);
    expect(before.activities.has(0)).toBe(true);
    expect(after.activities.has(0)).toBe(false);
    expect(after.suspended).toBe(true);
    expect(before.suspended).toBe(false);
  });

  it('shares the maps an advance does not touch and copies the ones it changes', () => {
    const before = runtimeStateOf(history.slice(0, 12));
    const after = advanceRuntimeState(before, [taskCompleted(T1, 0, '1')]);
    expect(after.activities).not.toBe(before.activities);
    expect(after.timers).toBe(before.timers);
    expect(after.children).toBe(before.children);
  });
});
