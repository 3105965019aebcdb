// applyActions edge cases: an event sent in the completing step, a remote wait served before its timeout, a runner that terminates on its own,
// suspends and resumes that change nothing.
import { describe, expect, it } from 'vitest';
import { applyActions } from './apply-actions';
import { eventRaised, eventSent, executionResumed, executionStarted, executionSuspended, executionTerminated, orchestratorCompleted, orchestratorStarted, timerCreated } from './history-builders';
import { runtimeStateOf } from './runtime-state';
import type { HistoryEvent } from './history-events';
import type { InstanceRecord } from './store';

const T0 = '2026-03-01T10:00:00.000Z';
const NOW = new Date('2026-03-01T10:00:05.000Z');
const LATER = '2026-03-01T11:00:00.000Z';
const instance: InstanceRecord = { instanceId: 'i-1', name: 'W', executionId: 'e-1', status: 'RUNNING', createdAt: new Date(T0), lastUpdatedAt: new Date(T0), historyLength: 4, version: 1 };
const begun: HistoryEvent[] = [orchestratorStarted(T0), executionStarted(T0, { name: 'W', instanceId: 'i-1', executionId: 'e-1' }), orchestratorCompleted(T0)];
const step = (history: typeof begun, fresh: typeof begun, actions: Parameters<typeof applyActions>[0]['outcome']['actions']) =>
  applyActions({ instance, state: runtimeStateOf(history), newEvents: [orchestratorStarted(NOW), ...fresh], outcome: { actions }, consumedMessageIds: [], now: NOW, newExecutionId: () => 'e-2' });

describe('applyActions edge cases', () => {
  it('delivers an event a remote workflow sends in the step that completes it (durabletask-go does)', () => {
    const applied = step(begun, [], [{ kind: 'sendEvent', id: 0, instanceId: 'other', name: 'done', input: '1' }, { kind: 'completeWorkflow', output: '"ok"' }]);
    expect(applied.events).toContainEqual(eventSent(0, NOW, 'other', 'done', '1'));
    expect(applied.commit.messages).toContainEqual({ instanceId: 'other', executionId: undefined, visibleAt: NOW, event: eventRaised(NOW, 'done', '1') });
  });

  it('no longer lists a remote event wait once its event arrived (its timeout timer is still open)', () => {
    const history = [...begun.slice(0, 2), timerCreated(1, T0, LATER, 'eventTimeout', 'approval'), orchestratorCompleted(T0)];
    const applied = step(history, [eventRaised(NOW, 'approval', 'true')], [{ kind: 'scheduleActivity', id: 2, name: 'ship' }]);
    expect(applied.waitingOn.events).toEqual([]);
    expect(applied.commit.update.waitingForEventSince).toBeNull();
  });

  it('records the end of an execution a runner terminates on its own', () => {
    const applied = step(begun, [], [{ kind: 'terminateWorkflow', output: undefined, recurse: false }]);
    expect(applied.commit.update.status).toBe('TERMINATED');
    expect(applied.state.ended).toBe(true);
  });
});

describe('applyActions: a remote workflow that waits on nothing it scheduled', () => {
  it('is waiting for an unnamed external event, since the step it began waiting, and listed for the inbox', () => {
    const first = step(begun, [], []);
    expect(first.waitingOn.unnamedEvent).toEqual({ since: NOW.toISOString() });
    expect(first.commit.update.waitingForEventSince).toEqual(NOW);
    const later = applyActions({
      instance: { ...instance, waitingOn: first.waitingOn },
      state: first.state,
      newEvents: [orchestratorStarted(new Date(NOW.getTime() + 60_000)), eventRaised(NOW, 'other', '1')],
      outcome: { actions: [] },
      consumedMessageIds: [],
      now: new Date(NOW.getTime() + 60_000),
      newExecutionId: () => 'e-2',
    });
    expect(later.waitingOn.unnamedEvent).toEqual({ since: NOW.toISOString() });
  });

  it('is not marked when the in-process executor says what it waits for, or when a task is open', () => {
    const inProcess = applyActions({ instance, state: runtimeStateOf(begun), newEvents: [orchestratorStarted(NOW)], outcome: { actions: [], eventWaits: [] }, consumedMessageIds: [], now: NOW, newExecutionId: () => 'e-2' });
    expect(inProcess.waitingOn.unnamedEvent).toBeUndefined();
    const busy = step(begun, [], [{ kind: 'scheduleActivity', id: 1, name: 'ship' }]);
    expect(busy.waitingOn.unnamedEvent).toBeUndefined();
    expect(busy.commit.update.waitingForEventSince).toBeNull();
  });
});

describe('applyActions: the Python SDK waits for an event without a timeout behind a timer at 9999-12-31', () => {
  it('shows an unnamed event wait since the timer was made, not a timer', () => {
    const applied = step(begun, [], [{ kind: 'createTimer', id: 1, fireAt: '9999-12-31T23:59:59.999Z' }]);
    expect(applied.waitingOn.timers).toEqual([]);
    expect(applied.waitingOn.unnamedEvent).toEqual({ since: NOW.toISOString() });
    expect(applied.commit.update.waitingForEventSince).toEqual(NOW);
  });
});

describe('applyActions: suspend and resume are idempotent', () => {
  const kinds = (events: HistoryEvent[]) => events.map((e) => e.kind);

  it('records one ExecutionSuspended for two pauses in one step, and none for a pause of a suspended execution', () => {
    const twice = step(begun, [executionSuspended(NOW, 'a'), executionSuspended(NOW, 'b')], []);
    expect(kinds(twice.events)).toEqual(['OrchestratorStarted', 'ExecutionSuspended', 'OrchestratorCompleted']);
    expect(twice.events[1]).toMatchObject({ reason: 'a' });
    expect(twice.commit.update.status).toBe('SUSPENDED');
    const again = step([...begun, ...twice.events], [executionSuspended(NOW)], []);
    expect(kinds(again.events)).toEqual(['OrchestratorStarted', 'OrchestratorCompleted']);
    expect(again.commit.update.status).toBe('SUSPENDED');
  });

  it('records one ExecutionResumed for two resumes, none for a resume of a running execution, and keeps pause-resume-pause', () => {
    const paused = [...begun, orchestratorStarted(T0), executionSuspended(T0), orchestratorCompleted(T0)];
    expect(kinds(step(paused, [executionResumed(NOW), executionResumed(NOW)], []).events)).toEqual(['OrchestratorStarted', 'ExecutionResumed', 'OrchestratorCompleted']);
    expect(kinds(step(begun, [executionResumed(NOW)], []).events)).toEqual(['OrchestratorStarted', 'OrchestratorCompleted']);
    const flip = step(begun, [executionSuspended(NOW), executionResumed(NOW), executionSuspended(NOW)], []);
    expect(kinds(flip.events)).toEqual(['OrchestratorStarted', 'ExecutionSuspended', 'ExecutionResumed', 'ExecutionSuspended', 'OrchestratorCompleted']);
    expect(flip.commit.update.status).toBe('SUSPENDED');
  });

  it('records no suspend after a terminate of the same step', () => {
    const applied = step(begun, [executionTerminated(NOW, undefined, true), executionSuspended(NOW)], []);
    expect(kinds(applied.events)).toEqual(['OrchestratorStarted', 'ExecutionTerminated', 'OrchestratorCompleted']);
    expect(applied.commit.update.status).toBe('TERMINATED');
  });
});
