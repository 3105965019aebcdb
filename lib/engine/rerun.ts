// Rerun from an event (Dapr's `dapr workflow rerun`, durabletask's RerunWorkflowFromEvent): a new instance whose
// history is the source's up to the end of the step that scheduled the chosen task, with that task (and every task
// still open at that point) issued again. Pure: the caller reads the source and writes the plan in one transaction.
import { childInstanceOf } from './apply-actions';
import { InvalidInstanceStatusError } from './errors';
import { timerFired } from './history-builders';
import type { EventActor, ExecutionStartedEvent, HistoryEvent, SubOrchestrationInstanceCreatedEvent, TaskScheduledEvent, TimerCreatedEvent } from './history-events';
import type { NewRerunInstance } from './recovery-store';
import { runtimeStateOf } from './runtime-state';
import { isTerminalStatus, TERMINAL_STATUSES } from './runtime-status';
import type { InstanceRecord, NewActivityTask, NewInboxMessage, NewInstance } from './store';
import { waitingOnOf } from './waiting-on';

/** The history event kinds a rerun can start from (each schedules a task whose eventId is the task ID). */
export const RERUNNABLE_KINDS = ['TaskScheduled', 'SubOrchestrationInstanceCreated', 'TimerCreated'] as const;

/** A scheduling event a rerun can start from. */
export type RerunnableEvent = TaskScheduledEvent | SubOrchestrationInstanceCreatedEvent | TimerCreatedEvent;

/** The event ID given cannot start a rerun: no such task, a kind that is not rerunnable, or a task that never ran. */
export class RerunEventError extends Error {
  override name = 'RerunEventError';
}

/** A payload to put in place of the recorded one: `value` undefined means none (JSON null or absent). */
export interface PayloadOverride {
  value: string | undefined;
}

/** What a rerun needs: the source row and its current execution's history, the task, the new IDs and inputs. */
export interface RerunRequest {
  source: Pick<InstanceRecord, 'instanceId' | 'name' | 'executionId' | 'status'>;
  history: readonly HistoryEvent[];
  /** The task ID (eventId) of a TaskScheduled, SubOrchestrationInstanceCreated or TimerCreated event. */
  fromEventId: number;
  newInstanceId: string;
  newExecutionId: string;
  /** Makes the execution IDs of re-created children. */
  newChildExecutionId: () => string;
  now: Date;
  /** A new input for the chosen task (activities and child workflows only). */
  taskInput?: PayloadOverride;
  /** A new input for the workflow (its ExecutionStarted). */
  workflowInput?: PayloadOverride;
  /** The ID of the re-created child when the chosen task is a child workflow (default rerunChildId). */
  childInstanceId?: string;
  /** Who asked for the rerun: named on its ExecutionStarted (the source's starter is not the rerun's). */
  actor?: EventActor;
}

/** True for the events a rerun can start from. */
export function isRerunnableEvent(event: HistoryEvent): event is RerunnableEvent {
  return (RERUNNABLE_KINDS as readonly string[]).includes(event.kind) && event.eventId >= 0;
}

/** The default ID of an instance's n-th rerun (1-based). */
export function defaultRerunId(sourceInstanceId: string, n: number): string {
  return `${sourceInstanceId}-rerun-${n}`;
}

/** The ID a re-created child gets (the new instance's own child-ID scheme, so the source's child is left alone). */
export function rerunChildId(newInstanceId: string, taskId: number): string {
  return `${newInstanceId}-child-${taskId}`;
}

/**
 * Plans a rerun: the prefix is the source's history through the OrchestratorCompleted of the step that scheduled
 * task `fromEventId`, with ExecutionStarted naming the new instance (no parent: a rerun is top-level), pauses and
 * resumes left out, and the new inputs in place. Every task open at the end of the prefix is issued again:
 * activities queued (the chosen one with its new input), timers due at their recorded time, children created under
 * new IDs. Throws InvalidInstanceStatusError while the source is live and RerunEventError for an event that cannot start one.
 */
export function planRerun(request: RerunRequest): NewRerunInstance {
  const { source, history, fromEventId, now } = request;
  if (!isTerminalStatus(source.status)) throw new InvalidInstanceStatusError(source.instanceId, 'rerun', source.status, TERMINAL_STATUSES);
  const at = findRerunnable(history, fromEventId, source.instanceId);
  const chosen = history[at] as RerunnableEvent;
  if (request.taskInput && chosen.kind === 'TimerCreated') throw new RerunEventError(`task ${fromEventId} is a timer, which takes no input`);
  if (request.childInstanceId !== undefined && chosen.kind !== 'SubOrchestrationInstanceCreated') {
    throw new RerunEventError(`task ${fromEventId} is not a child workflow, so it takes no child instance ID`);
  }
  const end = history.findIndex((e, i) => i > at && e.kind === 'OrchestratorCompleted');
  const step = history.slice(0, end < 0 ? history.length : end + 1);
  if (step.some((e) => e.kind === 'ExecutionCompleted' || e.kind === 'ExecutionTerminated')) {
    throw new RerunEventError(`task ${fromEventId} was scheduled in the step that ended the execution, so it never ran; pick an earlier task`);
  }
  const state = runtimeStateOf(step);
  const prefix = step
    .filter((e) => e.kind !== 'ExecutionSuspended' && e.kind !== 'ExecutionResumed')
    .map((e) => rewriteEvent(e, request, state.children.has(e.eventId)));
  const started = prefix.find((e): e is ExecutionStartedEvent => e.kind === 'ExecutionStarted');
  if (!started) throw new RerunEventError(`the history of '${source.instanceId}' has no ExecutionStarted event`);
  const byId = new Map(prefix.filter(isRerunnableEvent).map((e) => [e.eventId, e]));
  const { newInstanceId: instanceId, newExecutionId: executionId } = request;
  const activityTasks: NewActivityTask[] = [...state.activities.keys()].map((taskId) => {
    const event = byId.get(taskId) as TaskScheduledEvent;
    return { instanceId, executionId, taskId, name: event.name, input: event.input, attempt: event.attempt ?? 1, visibleAt: now };
  });
  const messages: NewInboxMessage[] = [...state.timers].map(([taskId, timer]) => ({
    instanceId,
    executionId,
    visibleAt: new Date(timer.fireAt),
    event: timerFired(taskId, timer.fireAt),
  }));
  const children = [...state.children.keys()].map((taskId) => childOf(request, started, byId.get(taskId) as SubOrchestrationInstanceCreatedEvent));
  return {
    instance: { instanceId, name: source.name, executionId, input: started.input, createdAt: now },
    history: prefix,
    waitingOn: waitingOnOf(runtimeStateOf(prefix)),
    activityTasks,
    messages,
    children,
    link: { instanceId, sourceInstanceId: source.instanceId, sourceExecutionId: source.executionId, fromEventId, createdAt: now },
  };
}

/** The index of the rerunnable event with task ID `taskId`; throws RerunEventError naming what is there instead. */
function findRerunnable(history: readonly HistoryEvent[], taskId: number, instanceId: string): number {
  const at = history.findIndex((e) => isRerunnableEvent(e) && e.eventId === taskId);
  if (at >= 0) return at;
  const other = taskId >= 0 ? history.find((e) => e.eventId === taskId) : undefined;
  if (other) throw new RerunEventError(`event ${taskId} of '${instanceId}' is ${other.kind}; a rerun starts from ${RERUNNABLE_KINDS.join(', ')}`);
  throw new RerunEventError(`the current execution of '${instanceId}' has no task with event ID ${taskId}`);
}

/** One prefix event as the rerun records it: the new identity and inputs, re-created children under their new IDs. */
function rewriteEvent(event: HistoryEvent, request: RerunRequest, reissuedChild: boolean): HistoryEvent {
  if (event.kind === 'ExecutionStarted') {
    const input = request.workflowInput ? request.workflowInput.value : event.input;
    const { parent: _parent, scheduledStartAt: _start, actor: _sourceActor, ...rest } = event;
    return { ...rest, instanceId: request.newInstanceId, executionId: request.newExecutionId, input, ...(request.actor && { actor: request.actor }) };
  }
  const chosen = event.eventId === request.fromEventId && isRerunnableEvent(event);
  if (event.kind === 'TaskScheduled' && chosen && request.taskInput) return { ...event, input: request.taskInput.value };
  if (event.kind === 'SubOrchestrationInstanceCreated' && reissuedChild) {
    const input = chosen && request.taskInput ? request.taskInput.value : event.input;
    const instanceId = (chosen && request.childInstanceId) || rerunChildId(request.newInstanceId, event.eventId);
    return { ...event, instanceId, input };
  }
  return event;
}

/** A re-created child: the recorded child workflow, started afresh under its new ID with the rerun as parent. */
function childOf(request: RerunRequest, started: ExecutionStartedEvent, event: SubOrchestrationInstanceCreatedEvent): NewInstance {
  const parent = { instanceId: request.newInstanceId, executionId: request.newExecutionId, name: started.name };
  return childInstanceOf(event, parent, request.newChildExecutionId(), request.now);
}
