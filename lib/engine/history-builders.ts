// The one module that builds history events: the executor, applyActions, the client, the activity worker,
// the sidecar and the tests all make their events here, so every event of a kind has the same shape.
import type { FailureDetails } from './failure-details';
import type {
  EventActor,
  EventRaisedEvent,
  EventSentEvent,
  ExecutionCompletedEvent,
  ExecutionResumedEvent,
  ExecutionStartedEvent,
  ExecutionSuspendedEvent,
  ExecutionTerminatedEvent,
  OrchestratorCompletedEvent,
  OrchestratorStartedEvent,
  SubOrchestrationInstanceCompletedEvent,
  SubOrchestrationInstanceCreatedEvent,
  SubOrchestrationInstanceFailedEvent,
  TaskCompletedEvent,
  TaskFailedEvent,
  TaskScheduledEvent,
  TimerCreatedEvent,
  TimerFiredEvent,
  TimerPurpose,
} from './history-events';

/** When an event happened: a Date or an ISO-8601 string. */
export type EventTime = Date | string;

/** Retry bookkeeping of an activity or child attempt (absent on the remote path, which has no retry policies). */
export interface RetryFields {
  retryOf?: number;
  attempt?: number;
  maxAttempts?: number;
}

const NO_TASK = -1;

function iso(at: EventTime): string {
  return typeof at === 'string' ? at : at.toISOString();
}

function withRetry<T extends object>(event: T, retry: RetryFields | undefined): T & RetryFields {
  if (!retry) return event;
  const out: T & RetryFields = { ...event };
  if (retry.retryOf !== undefined) out.retryOf = retry.retryOf;
  if (retry.attempt !== undefined) out.attempt = retry.attempt;
  if (retry.maxAttempts !== undefined) out.maxAttempts = retry.maxAttempts;
  return out;
}

/** The first event of an execution. */
export function executionStarted(at: EventTime, fields: Omit<ExecutionStartedEvent, 'kind' | 'eventId' | 'timestamp'>): ExecutionStartedEvent {
  return { kind: 'ExecutionStarted', eventId: NO_TASK, timestamp: iso(at), ...fields };
}

/** The execution completed, failed or continued as new. */
export function executionCompleted(
  at: EventTime,
  status: ExecutionCompletedEvent['status'],
  result: { output?: string; failure?: FailureDetails } = {},
): ExecutionCompletedEvent {
  return { kind: 'ExecutionCompleted', eventId: NO_TASK, timestamp: iso(at), status, output: result.output, failure: result.failure };
}

/** Who did a client's action and why: what the events a client sends may carry (fields absent when not given). */
export interface ActionBy {
  actor?: EventActor;
  reason?: string;
}

/** An event's actor field: only its kind and name, and no key at all without an actor. */
function actorField(actor: EventActor | undefined): { actor?: EventActor } {
  return actor ? { actor: { kind: actor.kind, name: actor.name } } : {};
}

/** A client terminated the instance (recursively: its children too); `by` says who and why. */
export function executionTerminated(at: EventTime, output: string | undefined, recurse = true, by?: ActionBy): ExecutionTerminatedEvent {
  return { kind: 'ExecutionTerminated', eventId: NO_TASK, timestamp: iso(at), output, recurse, ...(by?.reason && { reason: by.reason }), ...actorField(by?.actor) };
}

/** A client paused the instance (`actor`: who). */
export function executionSuspended(at: EventTime, reason?: string, actor?: EventActor): ExecutionSuspendedEvent {
  return { kind: 'ExecutionSuspended', eventId: NO_TASK, timestamp: iso(at), reason, ...actorField(actor) };
}

/** A client resumed the instance (`actor`: who). */
export function executionResumed(at: EventTime, reason?: string, actor?: EventActor): ExecutionResumedEvent {
  return { kind: 'ExecutionResumed', eventId: NO_TASK, timestamp: iso(at), reason, ...actorField(actor) };
}

/** A step began; its timestamp is the workflow's current time during the step. */
export function orchestratorStarted(at: EventTime): OrchestratorStartedEvent {
  return { kind: 'OrchestratorStarted', eventId: NO_TASK, timestamp: iso(at) };
}

/** A step ended. */
export function orchestratorCompleted(at: EventTime): OrchestratorCompletedEvent {
  return { kind: 'OrchestratorCompleted', eventId: NO_TASK, timestamp: iso(at) };
}

/** The workflow scheduled an activity attempt as task `taskId`. */
export function taskScheduled(taskId: number, at: EventTime, name: string, input: string | undefined, retry?: RetryFields): TaskScheduledEvent {
  return withRetry({ kind: 'TaskScheduled' as const, eventId: taskId, timestamp: iso(at), name, input }, retry);
}

/** Activity task `taskScheduledId` returned `result`. */
export function taskCompleted(at: EventTime, taskScheduledId: number, result: string | undefined): TaskCompletedEvent {
  return { kind: 'TaskCompleted', eventId: NO_TASK, timestamp: iso(at), taskScheduledId, result };
}

/** Activity task `taskScheduledId` threw. */
export function taskFailed(at: EventTime, taskScheduledId: number, failure: FailureDetails): TaskFailedEvent {
  return { kind: 'TaskFailed', eventId: NO_TASK, timestamp: iso(at), taskScheduledId, failure };
}

/** The workflow started child instance `instanceId` as task `taskId`. */
export function childCreated(
  taskId: number,
  at: EventTime,
  fields: { name: string; instanceId: string; input?: string },
  retry?: RetryFields,
): SubOrchestrationInstanceCreatedEvent {
  return withRetry({ kind: 'SubOrchestrationInstanceCreated' as const, eventId: taskId, timestamp: iso(at), ...fields }, retry);
}

/** The child started as task `taskScheduledId` completed with `result`. */
export function childCompleted(at: EventTime, taskScheduledId: number, result: string | undefined): SubOrchestrationInstanceCompletedEvent {
  return { kind: 'SubOrchestrationInstanceCompleted', eventId: NO_TASK, timestamp: iso(at), taskScheduledId, result };
}

/** The child started as task `taskScheduledId` failed or was terminated. */
export function childFailed(at: EventTime, taskScheduledId: number, failure: FailureDetails): SubOrchestrationInstanceFailedEvent {
  return { kind: 'SubOrchestrationInstanceFailed', eventId: NO_TASK, timestamp: iso(at), taskScheduledId, failure };
}

/** The workflow created durable timer `taskId`, due at `fireAt` (raced in a whenAny against the wait for `racedEvent`). */
export function timerCreated(taskId: number, at: EventTime, fireAt: EventTime, purpose: TimerPurpose = 'timer', name?: string, racedEvent?: string): TimerCreatedEvent {
  const event: TimerCreatedEvent = { kind: 'TimerCreated', eventId: taskId, timestamp: iso(at), fireAt: iso(fireAt), purpose };
  if (name !== undefined) event.name = name;
  if (racedEvent !== undefined) event.racedEvent = racedEvent;
  return event;
}

/** Timer `timerId` came due (recorded at its due time). */
export function timerFired(timerId: number, fireAt: EventTime): TimerFiredEvent {
  return { kind: 'TimerFired', eventId: NO_TASK, timestamp: iso(fireAt), timerId, fireAt: iso(fireAt) };
}

/** The workflow sent event `name` to instance `instanceId` as task `taskId`. */
export function eventSent(taskId: number, at: EventTime, instanceId: string, name: string, input: string | undefined): EventSentEvent {
  return { kind: 'EventSent', eventId: taskId, timestamp: iso(at), instanceId, name, input };
}

/** External event `name` arrived with `input` (`actor`: who raised it through the API). */
export function eventRaised(at: EventTime, name: string, input: string | undefined, actor?: EventActor): EventRaisedEvent {
  return { kind: 'EventRaised', eventId: NO_TASK, timestamp: iso(at), name, input, ...actorField(actor) };
}
