// planRerun: which events can start a rerun, what history prefix the new instance gets, and what work it re-issues.
import { describe, expect, it } from 'vitest';
import { InvalidInstanceStatusError } from './errors';
import {
  childCompleted,
  childCreated,
  eventRaised,
  eventSent,
  executionCompleted,
  executionResumed,
  executionStarted,
  executionSuspended,
  orchestratorCompleted,
  orchestratorStarted,
  taskCompleted,
  taskScheduled,
  timerCreated,
  timerFired,
} from './history-builders';
import type { ExecutionStartedEvent, HistoryEvent, SubOrchestrationInstanceCreatedEvent, TaskScheduledEvent } from './history-events';
import { defaultRerunId, planRerun, RerunEventError, type RerunRequest } from './rerun';
import type { RuntimeStatus } from './runtime-status';

const T0 = '2026-04-01T08:00:00.000Z';
const T1 = '2026-04-01T08:00:10.000Z';
const T2 = '2026-04-01T08:00:20.000Z';
const DUE = '2026-04-01T09:00:00.000Z';
const NOW = new Date('2026-04-02T10:00:00.000Z');
const parent = { instanceId: 'p', executionId: 'px', taskId: 3, name: 'Parent' };

/**
 * Step 1 schedules activity 0 and timer 1; step 2 (activity 0 done, an event raised) schedules child 2 and
 * activity 3 while paused and resumed; step 3 (timer 1 fired, child 2 done) sends event 4 and completes.
 */
const history: HistoryEvent[] = [
  orchestratorStarted(T0),
  executionStarted(T0, { name: 'Flow', instanceId: 'src', executionId: 'x-1', input: '"in"', parent }),
  taskScheduled(0, T0, 'charge', '{"amount":1}'),
  timerCreated(1, T0, DUE),
  orchestratorCompleted(T0),
  orchestratorStarted(T1),
  taskCompleted(T1, 0, '"ok"'),
  eventRaised(T1, 'approval', 'true'),
  executionSuspended(T1),
  executionResumed(T1),
  childCreated(2, T1, { name: 'Kid', instanceId: 'src-child-2', input: '"k"' }),
  taskScheduled(3, T1, 'ship', '"box"'),
  orchestratorCompleted(T1),
  orchestratorStarted(T2),
  timerFired(1, DUE),
  childCompleted(T2, 2, '"kid done"'),
  eventSent(4, T2, 'other', 'ping', undefined),
  taskScheduled(5, T2, 'never', undefined),
  executionCompleted(T2, 'COMPLETED', { output: '"done"' }),
  orchestratorCompleted(T2),
];

let executions = 0;
function request(fromEventId: number, extra: Partial<RerunRequest> = {}, status: RuntimeStatus = 'COMPLETED'): RerunRequest {
  return {
    source: { instanceId: 'src', name: 'Flow', executionId: 'x-1', status },
    history,
    fromEventId,
    newInstanceId: 'src-rerun-1',
    newExecutionId: 'x-new',
    newChildExecutionId: () => `child-x-${++executions}`,
    now: NOW,
    ...extra,
  };
}

describe('planRerun', () => {
  it('keeps the history through the step that scheduled the task, under the new identity and without a parent', () => {
    const plan = planRerun(request(0));
    expect(plan.history.map((e) => e.kind)).toEqual(['OrchestratorStarted', 'ExecutionStarted', 'TaskScheduled', 'TimerCreated', 'OrchestratorCompleted']);
    const started = plan.history[1] as ExecutionStartedEvent;
    expect(started).toMatchObject({ instanceId: 'src-rerun-1', executionId: 'x-new', input: '"in"', name: 'Flow' });
    expect(started.parent).toBeUndefined();
    expect(started.actor).toBeUndefined();
    const byAda = planRerun(request(0, { actor: { kind: 'user', name: 'Ada' } })).history[1] as ExecutionStartedEvent;
    expect(byAda.actor).toEqual({ kind: 'user', name: 'Ada' });
    expect(plan.instance).toEqual({ instanceId: 'src-rerun-1', name: 'Flow', executionId: 'x-new', input: '"in"', createdAt: NOW });
    expect(plan.link).toEqual({ instanceId: 'src-rerun-1', sourceInstanceId: 'src', sourceExecutionId: 'x-1', fromEventId: 0, createdAt: NOW });
  });

  it('issues again every task open at the cut: the activity queued now, the timer due at its recorded time', () => {
    const plan = planRerun(request(1));
    expect(plan.activityTasks).toEqual([{ instanceId: 'src-rerun-1', executionId: 'x-new', taskId: 0, name: 'charge', input: '{"amount":1}', attempt: 1, visibleAt: NOW }]);
    expect(plan.messages).toEqual([{ instanceId: 'src-rerun-1', executionId: 'x-new', visibleAt: new Date(DUE), event: timerFired(1, DUE) }]);
    expect(plan.children).toEqual([]);
    expect(plan.waitingOn.activities.map((a) => a.name)).toEqual(['charge']);
    expect(plan.waitingOn.timers).toHaveLength(1);
  });

  it('drops pauses and resumes, keeps what arrived in the cut step, and re-creates an open child under a new ID', () => {
    const plan = planRerun(request(3));
    const kinds = plan.history.map((e) => e.kind);
    expect(kinds).not.toContain('ExecutionSuspended');
    expect(kinds).not.toContain('ExecutionResumed');
    expect(kinds.slice(-6)).toEqual(['OrchestratorStarted', 'TaskCompleted', 'EventRaised', 'SubOrchestrationInstanceCreated', 'TaskScheduled', 'OrchestratorCompleted']);
    const child = plan.history.find((e): e is SubOrchestrationInstanceCreatedEvent => e.kind === 'SubOrchestrationInstanceCreated')!;
    expect(child.instanceId).toBe('src-rerun-1-child-2');
    expect(plan.children).toHaveLength(1);
    expect(plan.children[0]).toMatchObject({ instanceId: 'src-rerun-1-child-2', name: 'Kid', input: '"k"', parentInstanceId: 'src-rerun-1', parentTaskId: 2 });
    expect(plan.children[0].startMessage.event).toMatchObject({ kind: 'ExecutionStarted', parent: { instanceId: 'src-rerun-1', executionId: 'x-new', taskId: 2, name: 'Flow' } });
    expect(plan.activityTasks.map((t) => t.taskId)).toEqual([3]);
    expect(plan.messages.map((m) => m.event)).toEqual([timerFired(1, DUE)]);
  });

  it('puts a new input on the chosen activity (recorded and queued) and on the workflow', () => {
    const plan = planRerun(request(3, { taskInput: { value: '"crate"' }, workflowInput: { value: undefined } }));
    const ship = plan.history.find((e): e is TaskScheduledEvent => e.kind === 'TaskScheduled' && e.eventId === 3)!;
    expect(ship.input).toBe('"crate"');
    expect(plan.activityTasks[0].input).toBe('"crate"');
    expect((plan.history[1] as ExecutionStartedEvent).input).toBeUndefined();
    expect(plan.instance.input).toBeUndefined();
    expect((history[11] as TaskScheduledEvent).input).toBe('"box"');
  });

  it('puts a new input and, when given, a new instance ID on a chosen child workflow', () => {
    const plan = planRerun(request(2, { taskInput: { value: '"k2"' }, childInstanceId: 'kid-again' }));
    expect(plan.children[0]).toMatchObject({ instanceId: 'kid-again', input: '"k2"' });
    expect(plan.children[0].startMessage.event).toMatchObject({ instanceId: 'kid-again', input: '"k2"' });
    expect(plan.history.find((e) => e.kind === 'SubOrchestrationInstanceCreated')).toMatchObject({ instanceId: 'kid-again' });
    expect(() => planRerun(request(3, { childInstanceId: 'kid' }))).toThrow(/task 3 is not a child workflow/);
  });

  it('refuses a live source, an unknown ID, a kind that is not rerunnable, a timer input and a task that never ran', () => {
    expect(() => planRerun(request(0, {}, 'RUNNING'))).toThrow(InvalidInstanceStatusError);
    expect(() => planRerun(request(0, {}, 'SUSPENDED'))).toThrow(/cannot rerun instance 'src': it is SUSPENDED/);
    expect(() => planRerun(request(42))).toThrow(/has no task with event ID 42/);
    expect(() => planRerun(request(-1))).toThrow(RerunEventError);
    expect(() => planRerun(request(4))).toThrow(/event 4 of 'src' is EventSent; a rerun starts from TaskScheduled/);
    expect(() => planRerun(request(1, { taskInput: { value: '1' } }))).toThrow(/timer, which takes no input/);
    expect(() => planRerun(request(5))).toThrow(/step that ended the execution/);
  });

  it('reruns FAILED and TERMINATED sources too, and leaves the source history as it was', () => {
    const before = structuredClone(history);
    expect(planRerun(request(0, {}, 'FAILED')).history).toHaveLength(5);
    expect(planRerun(request(3, {}, 'TERMINATED')).history).toHaveLength(11);
    expect(history).toEqual(before);
  });
});

describe('defaultRerunId', () => {
  it('numbers reruns after the source ID', () => {
    expect(defaultRerunId('order-7', 2)).toBe('order-7-rerun-2');
  });
});
