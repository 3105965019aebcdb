// applyActions from hand-built (history, actions) pairs: what one step appends, queues and writes to the row,
// with and without the in-process executor's hints (a remote SDK worker sends none).
import { describe, expect, it } from 'vitest';
import type { EventWaitHint, StepOutcome, WorkflowAction } from './actions';
import { applyActions, discardLateMessages } from './apply-actions';
import {
  childCompleted,
  childCreated,
  childFailed,
  eventRaised,
  eventSent,
  executionCompleted,
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
} from './history-builders';
import type { HistoryEvent } from './history-events';
import { runtimeStateOf } from './runtime-state';
import type { InstanceRecord } from './store';
import { nothingWaited } from './waiting-on';

const T0 = '2026-03-01T10:00:00.000Z';
const NOW = new Date('2026-03-01T10:00:05.000Z');
const AT = NOW.toISOString();
const LATER = '2026-03-01T10:01:05.000Z';
const PARENT = { instanceId: 'parent-1', executionId: 'pe-1', taskId: 4, name: 'ParentWorkflow' };

const instance: InstanceRecord = {
  instanceId: 'order-1',
  name: 'OrderWorkflow',
  executionId: 'e-1',
  status: 'RUNNING',
  createdAt: new Date(T0),
  lastUpdatedAt: new Date(T0),
  historyLength: 0,
  version: 3,
};

const start = (extra: Partial<Parameters<typeof executionStarted>[1]> = {}) =>
  executionStarted(T0, { name: 'OrderWorkflow', instanceId: 'order-1', executionId: 'e-1', input: '{"n":1}', ...extra });
/** A first step already recorded: the execution started (as a child of PARENT when `child`). */
const begun = (child = false, ...scheduled: HistoryEvent[]): HistoryEvent[] => [
  orchestratorStarted(T0),
  start(child ? { parent: PARENT } : {}),
  ...scheduled,
  orchestratorCompleted(T0),
];

/** Applies a step with these new events (after OrchestratorStarted) and this runner answer to `history`. */
function step(history: HistoryEvent[], fresh: HistoryEvent[], outcome: StepOutcome | WorkflowAction[]) {
  const newEvents = [orchestratorStarted(NOW), ...fresh];
  const answer = Array.isArray(outcome) ? { actions: outcome } : outcome;
  return applyActions({
    instance,
    state: runtimeStateOf(history),
    newEvents,
    outcome: answer,
    consumedMessageIds: [11, 12],
    now: NOW,
    newExecutionId: () => 'e-2',
  });
}

describe('applyActions: a running step', () => {
  it('records the first step of a new instance and queues its activities with their attempt', () => {
    const applied = step([], [start()], [
      { kind: 'scheduleActivity', id: 0, name: 'reserve', input: '"a"', retry: { maxAttempts: 3 } },
      { kind: 'scheduleActivity', id: 1, name: 'charge', input: '"b"', retry: { retryOf: 0, attempt: 2, maxAttempts: 3 } },
    ]);
    expect(applied.events).toEqual([
      orchestratorStarted(NOW),
      start(),
      taskScheduled(0, NOW, 'reserve', '"a"', { maxAttempts: 3 }),
      taskScheduled(1, NOW, 'charge', '"b"', { retryOf: 0, attempt: 2, maxAttempts: 3 }),
      orchestratorCompleted(NOW),
    ]);
    expect(applied.completion).toBeUndefined();
    const { commit } = applied;
    expect(commit).toMatchObject({ instanceId: 'order-1', expectedVersion: 3, consumedMessageIds: [11, 12], resetHistory: false, discardPendingWork: false });
    expect(commit.newEvents).toEqual(applied.events);
    expect(commit.activityTasks).toEqual([
      { instanceId: 'order-1', executionId: 'e-1', taskId: 0, name: 'reserve', input: '"a"', attempt: 1, visibleAt: NOW },
      { instanceId: 'order-1', executionId: 'e-1', taskId: 1, name: 'charge', input: '"b"', attempt: 2, visibleAt: NOW },
    ]);
    expect(commit.messages).toEqual([]);
    expect(commit.children).toEqual([]);
    expect(commit.update).toEqual({
      status: 'RUNNING',
      customStatus: undefined,
      waitingOn: {
        activities: [
          { taskId: 0, name: 'reserve', scheduledAt: AT, attempt: 1 },
          { taskId: 1, name: 'charge', scheduledAt: AT, attempt: 2 },
        ],
        timers: [],
        events: [],
        children: [],
        totals: { activities: 2, timers: 0, events: 0, children: 0 },
      },
      waitingForEventSince: null,
      lastUpdatedAt: NOW,
    });
    expect(applied.waitingOn).toEqual(commit.update.waitingOn);
    expect([...applied.state.activities.keys()]).toEqual([0, 1]);
  });

  it('caps a 150-wide fan-out at 100 entries per list and counts all of them in totals', () => {
    const actions: WorkflowAction[] = [];
    for (let i = 0; i < 150; i++) actions.push({ kind: 'scheduleActivity', id: i, name: 'work', input: String(i) });
    for (let i = 150; i < 300; i++) actions.push({ kind: 'createChildWorkflow', id: i, name: 'Child', instanceId: `order-1:${i}` });
    const { commit, waitingOn } = step(begun(), [], actions);
    expect(commit.activityTasks).toHaveLength(150);
    expect(commit.children).toHaveLength(150);
    expect(waitingOn.activities.map((a) => a.taskId)).toEqual([...Array(100).keys()]);
    expect(waitingOn.children.map((c) => c.taskId)).toEqual([...Array(100).keys()].map((i) => i + 150));
    expect(waitingOn.totals).toEqual({ activities: 150, timers: 0, events: 0, children: 150 });
  });

  it('turns a timer into a TimerFired message for this execution, visible at its due time', () => {
    const { events, commit, waitingOn } = step(begun(), [], [{ kind: 'createTimer', id: 0, fireAt: LATER, purpose: 'timer' }]);
    expect(events[1]).toEqual(timerCreated(0, NOW, LATER, 'timer'));
    expect(commit.messages).toEqual([{ instanceId: 'order-1', executionId: 'e-1', visibleAt: new Date(LATER), event: timerFired(0, LATER) }]);
    expect(waitingOn.timers).toEqual([{ taskId: 0, fireAt: LATER, purpose: 'timer' }]);
  });

  it('creates a child instance with its parent fields and its start message', () => {
    const { events, commit, waitingOn } = step(begun(), [], [
      { kind: 'createChildWorkflow', id: 0, name: 'ShipWorkflow', instanceId: 'order-1:0001', input: '"box"' },
    ]);
    expect(events[1]).toEqual(childCreated(0, NOW, { name: 'ShipWorkflow', instanceId: 'order-1:0001', input: '"box"' }));
    const parent = { instanceId: 'order-1', executionId: 'e-1', taskId: 0, name: 'OrderWorkflow' };
    expect(commit.children).toEqual([
      {
        instanceId: 'order-1:0001',
        name: 'ShipWorkflow',
        executionId: 'e-2',
        input: '"box"',
        parentInstanceId: 'order-1',
        parentTaskId: 0,
        createdAt: NOW,
        startMessage: {
          instanceId: 'order-1:0001',
          executionId: undefined,
          visibleAt: NOW,
          event: executionStarted(NOW, { name: 'ShipWorkflow', instanceId: 'order-1:0001', executionId: 'e-2', input: '"box"', parent }),
        },
      },
    ]);
    expect(waitingOn.children).toEqual([{ taskId: 0, instanceId: 'order-1:0001', name: 'ShipWorkflow' }]);
  });

  it('sends an event as an EventRaised message to the other instance, visible now, waiting for nothing', () => {
    const { events, commit, waitingOn } = step(begun(), [], [{ kind: 'sendEvent', id: 0, instanceId: 'other-9', name: 'ping', input: '"hi"' }]);
    expect(events[1]).toEqual(eventSent(0, NOW, 'other-9', 'ping', '"hi"'));
    expect(commit.messages).toEqual([{ instanceId: 'other-9', executionId: undefined, visibleAt: NOW, event: eventRaised(NOW, 'ping', '"hi"') }]);
    expect(waitingOn.totals).toEqual({ activities: 0, timers: 0, events: 0, children: 0 });
  });

  it('leaves an instance whose start has not arrived PENDING', () => {
    const { events, commit } = step([], [eventRaised(NOW, 'early', '1')], []);
    expect(events.map((e) => e.kind)).toEqual(['OrchestratorStarted', 'EventRaised', 'OrchestratorCompleted']);
    expect(commit.update.status).toBe('PENDING');
  });

  it('marks a suspended instance SUSPENDED and a resumed one RUNNING again', () => {
    const paused = step(begun(), [executionSuspended(NOW, 'maintenance')], []);
    expect(paused.suspended).toBe(true);
    expect(paused.commit.update.status).toBe('SUSPENDED');
    const resumed = step([...begun(), executionSuspended(T0)], [executionResumed(NOW)], []);
    expect(resumed.suspended).toBe(false);
    expect(resumed.commit.update.status).toBe('RUNNING');
  });

  it('passes the custom status through (undefined leaves it unchanged)', () => {
    expect(step(begun(), [], { actions: [], customStatus: 'halfway' }).commit.update.customStatus).toBe('halfway');
    expect(step(begun(), [], { actions: [] }).commit.update.customStatus).toBeUndefined();
  });
});

describe('applyActions: the end of an execution', () => {
  const running = begun(true, taskScheduled(0, T0, 'reserve', '"a"'), timerCreated(1, T0, LATER));

  it('completes: ExecutionCompleted, pending work discarded, completedAt, and the parent told with its task ID', () => {
    const applied = step(running, [taskCompleted(NOW, 0, '"ok"')], [
      { kind: 'scheduleActivity', id: 2, name: 'late', input: undefined },
      { kind: 'completeWorkflow', output: '"done"' },
    ]);
    expect(applied.completion).toEqual({ status: 'COMPLETED', output: '"done"' });
    expect(applied.events.slice(-2)).toEqual([executionCompleted(NOW, 'COMPLETED', { output: '"done"' }), orchestratorCompleted(NOW)]);
    const { commit } = applied;
    expect(commit.discardPendingWork).toBe(true);
    expect(commit.activityTasks).toEqual([]);
    expect(commit.update).toMatchObject({ status: 'COMPLETED', output: '"done"', completedAt: NOW, waitingForEventSince: null, waitingOn: nothingWaited() });
    expect(commit.messages).toEqual([{ instanceId: 'parent-1', executionId: 'pe-1', visibleAt: NOW, event: childCompleted(NOW, PARENT.taskId, '"done"') }]);
  });

  it('fails: the failure on the row and SubOrchestrationInstanceFailed to the parent', () => {
    const failure = { errorType: 'TypeError', message: 'card declined' };
    const applied = step(running, [taskCompleted(NOW, 0, '"ok"')], [{ kind: 'failWorkflow', failure }]);
    expect(applied.completion).toEqual({ status: 'FAILED', failure });
    expect(applied.events).toContainEqual(executionCompleted(NOW, 'FAILED', { failure }));
    expect(applied.commit.update).toMatchObject({ status: 'FAILED', failure, completedAt: NOW });
    expect(applied.commit.discardPendingWork).toBe(true);
    expect(applied.commit.messages).toEqual([{ instanceId: 'parent-1', executionId: 'pe-1', visibleAt: NOW, event: childFailed(NOW, PARENT.taskId, failure) }]);
  });

  it('terminates on an ExecutionTerminated among the new events when the runner made no completion', () => {
    const history = begun(
      true,
      childCreated(1, T0, { name: 'Kid', instanceId: 'kid-1' }),
      childCreated(2, T0, { name: 'Kid', instanceId: 'kid-2' }),
      childCreated(3, T0, { name: 'Kid', instanceId: 'kid-3' }),
    );
    history.push(orchestratorStarted(T0), childCompleted(T0, 2, '1'), childFailed(T0, 3, { errorType: 'E', message: 'm' }), orchestratorCompleted(T0));
    const applied = step(history, [executionTerminated(NOW, '"stop"', true)], []);
    expect(applied.completion).toEqual({ status: 'TERMINATED', output: '"stop"', childrenToTerminate: ['kid-1'] });
    expect(applied.events).toEqual([orchestratorStarted(NOW), executionTerminated(NOW, '"stop"', true), orchestratorCompleted(NOW)]);
    const { commit } = applied;
    expect(commit.update).toMatchObject({ status: 'TERMINATED', output: '"stop"', completedAt: NOW });
    expect(commit.discardPendingWork).toBe(true);
    expect(commit.messages).toEqual([
      { instanceId: 'kid-1', executionId: undefined, visibleAt: NOW, event: executionTerminated(NOW, undefined, true) },
      {
        instanceId: 'parent-1',
        executionId: 'pe-1',
        visibleAt: NOW,
        event: childFailed(NOW, PARENT.taskId, { errorType: 'WorkflowTerminated', message: "child workflow 'order-1' was terminated" }),
      },
    ]);
  });

  it('terminates without touching the children when the terminate is not recursive', () => {
    const history = begun(false, childCreated(1, T0, { name: 'Kid', instanceId: 'kid-1' }));
    const applied = step(history, [executionTerminated(NOW, undefined, false)], [{ kind: 'scheduleActivity', id: 2, name: 'ignored' }]);
    expect(applied.completion).toEqual({ status: 'TERMINATED', output: undefined, childrenToTerminate: [] });
    expect(applied.commit.messages).toEqual([]);
    expect(applied.commit.activityTasks).toEqual([]);
  });

  it('lets a terminate win over a continue-as-new', () => {
    const applied = step(begun(), [executionTerminated(NOW, '"stop"')], [{ kind: 'continueAsNew', input: '2', carryOverEvents: [] }]);
    expect(applied.completion?.status).toBe('TERMINATED');
    expect(applied.commit.resetHistory).toBe(false);
    expect(applied.commit.update.status).toBe('TERMINATED');
    expect(applied.commit.messages.map((m) => m.event.kind)).not.toContain('ExecutionStarted');
  });

  it('lets a completion the runner made win over a terminate in the same step', () => {
    const applied = step(begun(), [executionTerminated(NOW, '"stop"')], [{ kind: 'completeWorkflow', output: '"done"' }]);
    expect(applied.completion).toEqual({ status: 'COMPLETED', output: '"done"' });
    expect(applied.events.slice(-2)).toEqual([executionCompleted(NOW, 'COMPLETED', { output: '"done"' }), orchestratorCompleted(NOW)]);
    expect(applied.commit.update.status).toBe('COMPLETED');
  });

  it('continues as new: history reset, a start message of the next generation with the same parent, carried-over events, the row reset', () => {
    const history = begun(false);
    history[1] = start({ parent: PARENT, generation: 2 });
    const carried = eventRaised(T0, 'approval', 'true');
    const applied = step(history, [timerFired(0, NOW)], [
      { kind: 'scheduleActivity', id: 1, name: 'dropped' },
      { kind: 'continueAsNew', input: '{"n":2}', carryOverEvents: [carried] },
    ]);
    expect(applied.completion).toEqual({ status: 'CONTINUED_AS_NEW', input: '{"n":2}', carryOverEvents: [carried] });
    expect(applied.events).toContainEqual(executionCompleted(NOW, 'CONTINUED_AS_NEW'));
    const { commit } = applied;
    expect(commit.resetHistory).toBe(true);
    expect(commit.newEvents).toEqual([]);
    expect(commit.activityTasks).toEqual([]);
    expect(commit.messages).toEqual([
      {
        instanceId: 'order-1',
        executionId: undefined,
        visibleAt: NOW,
        event: executionStarted(NOW, { name: 'OrderWorkflow', instanceId: 'order-1', executionId: 'e-2', input: '{"n":2}', parent: PARENT, generation: 3 }),
      },
      { instanceId: 'order-1', executionId: undefined, visibleAt: NOW, event: carried },
    ]);
    expect(commit.update).toEqual({
      status: 'RUNNING',
      customStatus: undefined,
      executionId: 'e-2',
      input: '{"n":2}',
      output: null,
      failure: null,
      waitingOn: nothingWaited(),
      waitingForEventSince: null,
      lastUpdatedAt: NOW,
    });
  });

  it('counts the first continue-as-new as generation 1', () => {
    const { commit } = step(begun(), [], [{ kind: 'continueAsNew', input: '0', carryOverEvents: [] }]);
    expect(commit.messages[0].event).toMatchObject({ kind: 'ExecutionStarted', generation: 1, executionId: 'e-2' });
  });

  it('consumes the late messages of an instance that already ended and changes nothing else', () => {
    const done = { ...instance, status: 'COMPLETED' as const, waitingOn: nothingWaited() };
    expect(discardLateMessages(done, [5], NOW)).toMatchObject({
      consumedMessageIds: [5],
      newEvents: [],
      discardPendingWork: true,
      update: { status: 'COMPLETED', waitingForEventSince: null, lastUpdatedAt: new Date(T0) },
    });
  });
});

describe('applyActions: remote-shaped steps (no hints)', () => {
  it('records plain calls: task IDs from 1, no retry fields, plain timers, attempt 1', () => {
    const { events, commit, waitingOn } = step(begun(), [], [
      { kind: 'scheduleActivity', id: 1, name: 'reserve', input: '"a"' },
      { kind: 'createTimer', id: 2, fireAt: LATER },
    ]);
    expect(events[1]).toEqual({ kind: 'TaskScheduled', eventId: 1, timestamp: AT, name: 'reserve', input: '"a"' });
    for (const field of ['retryOf', 'attempt', 'maxAttempts']) expect(events[1]).not.toHaveProperty(field);
    expect(events[2]).toEqual({ kind: 'TimerCreated', eventId: 2, timestamp: AT, fireAt: LATER, purpose: 'timer' });
    expect(commit.activityTasks).toEqual([expect.objectContaining({ taskId: 1, attempt: 1 })]);
    expect(commit.messages).toEqual([{ instanceId: 'order-1', executionId: 'e-1', visibleAt: new Date(LATER), event: timerFired(2, LATER) }]);
    expect(waitingOn).toMatchObject({
      activities: [{ taskId: 1, name: 'reserve', scheduledAt: AT, attempt: 1 }],
      timers: [{ taskId: 2, fireAt: LATER, purpose: 'timer' }],
      events: [],
    });
  });

  it('derives an event wait with its deadline from an event-timeout timer', () => {
    const { commit, waitingOn } = step(begun(), [], [{ kind: 'createTimer', id: 1, fireAt: LATER, purpose: 'eventTimeout', name: 'approval' }]);
    expect(waitingOn.events).toEqual([{ name: 'approval', since: AT, deadline: LATER }]);
    expect(waitingOn.timers).toEqual([{ taskId: 1, fireAt: LATER, purpose: 'eventTimeout', name: 'approval' }]);
    expect(commit.update.waitingForEventSince).toEqual(NOW);
  });

  it('reports no event waits when there are neither hints nor event-timeout timers', () => {
    const { commit, waitingOn } = step(begun(), [], [{ kind: 'createTimer', id: 1, fireAt: LATER }]);
    expect(waitingOn.events).toEqual([]);
    expect(commit.update.waitingForEventSince).toBeNull();
  });
});

describe('applyActions: the in-process hints', () => {
  const waiting = begun(false, timerCreated(0, T0, LATER, 'eventTimeout', 'approval'));

  it('does not list an event-timeout timer whose wait was already served', () => {
    const { waitingOn, commit } = step(waiting, [eventRaised(NOW, 'approval', 'true')], { actions: [], eventWaits: [] });
    expect(waitingOn.timers).toEqual([]);
    expect(waitingOn.events).toEqual([]);
    expect(waitingOn.totals).toEqual({ activities: 0, timers: 0, events: 0, children: 0 });
    expect(commit.update.waitingForEventSince).toBeNull();
  });

  it('lists the waits it is given, with their deadlines, and the earliest as waitingForEventSince', () => {
    const eventWaits: EventWaitHint[] = [
      { name: 'approval', since: T0, deadline: LATER, timeoutTimerId: 0 },
      { name: 'comment', since: AT },
    ];
    const { waitingOn, commit } = step(waiting, [], { actions: [], eventWaits });
    expect(waitingOn.events).toEqual([
      { name: 'approval', since: T0, deadline: LATER },
      { name: 'comment', since: AT },
    ]);
    expect(waitingOn.timers).toEqual([{ taskId: 0, fireAt: LATER, purpose: 'eventTimeout', name: 'approval' }]);
    expect(commit.update.waitingForEventSince).toEqual(new Date(T0));
  });
});
