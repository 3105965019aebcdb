import type { FailureDetails } from './failure-details';

/** Fields every history event carries: the task's sequence number (or -1) and when it happened. */
interface EventBase {
  /** Sequence number of the task this event schedules; -1 for events that schedule nothing. */
  eventId: number;
  /** ISO-8601 time the event was recorded (orchestration time for events the workflow produced). */
  timestamp: string;
}

/** Who caused an event a client sent (a person, an API token, anyone on the machine): shown on the timeline. */
export interface EventActor {
  /** person | token | machine | local | system (as the audit trail names kinds). */
  kind: string;
  name: string;
}

/** The first event of an execution: which workflow runs, with what input, and who started it. */
export interface ExecutionStartedEvent extends EventBase {
  kind: 'ExecutionStarted';
  name: string;
  instanceId: string;
  executionId: string;
  input?: string;
  parent?: { instanceId: string; executionId: string; taskId: number; name: string };
  scheduledStartAt?: string;
  /** Set when this execution was started by continue-as-new: how many times the instance has restarted. */
  generation?: number;
  /** Who started it (a client's start; absent for children and continue-as-new). */
  actor?: EventActor;
}
/** The instance finished (completed or failed) with its output or failure. */
export interface ExecutionCompletedEvent extends EventBase {
  kind: 'ExecutionCompleted';
  status: 'COMPLETED' | 'FAILED' | 'CONTINUED_AS_NEW';
  output?: string;
  failure?: FailureDetails;
}
/** A client terminated the instance. */
export interface ExecutionTerminatedEvent extends EventBase {
  kind: 'ExecutionTerminated';
  output?: string;
  recurse: boolean;
  reason?: string;
  actor?: EventActor;
}
/** A client paused the instance. */
export interface ExecutionSuspendedEvent extends EventBase {
  kind: 'ExecutionSuspended';
  reason?: string;
  actor?: EventActor;
}
/** A client resumed a paused instance. */
export interface ExecutionResumedEvent extends EventBase {
  kind: 'ExecutionResumed';
  reason?: string;
  actor?: EventActor;
}
/** The workflow scheduled an activity (one attempt of it). */
export interface TaskScheduledEvent extends EventBase {
  kind: 'TaskScheduled';
  name: string;
  input?: string;
  /** For a retry: the eventId of the first attempt, and this attempt's number (1-based). */
  retryOf?: number;
  attempt?: number;
  /** With a retry policy: its maxNumberOfAttempts (on every attempt, the first included). */
  maxAttempts?: number;
}
/** An activity attempt returned a result. */
export interface TaskCompletedEvent extends EventBase {
  kind: 'TaskCompleted';
  taskScheduledId: number;
  result?: string;
}
/** An activity attempt threw. */
export interface TaskFailedEvent extends EventBase {
  kind: 'TaskFailed';
  taskScheduledId: number;
  failure: FailureDetails;
}
/** The workflow started a child workflow instance. */
export interface SubOrchestrationInstanceCreatedEvent extends EventBase {
  kind: 'SubOrchestrationInstanceCreated';
  name: string;
  instanceId: string;
  input?: string;
  retryOf?: number;
  attempt?: number;
  maxAttempts?: number;
}
/** A child workflow completed. */
export interface SubOrchestrationInstanceCompletedEvent extends EventBase {
  kind: 'SubOrchestrationInstanceCompleted';
  taskScheduledId: number;
  result?: string;
}
/** A child workflow failed (or was terminated). */
export interface SubOrchestrationInstanceFailedEvent extends EventBase {
  kind: 'SubOrchestrationInstanceFailed';
  taskScheduledId: number;
  failure: FailureDetails;
}
/** Why a durable timer exists: the workflow's own, a retry's back-off, or an event wait's timeout. */
export type TimerPurpose = 'timer' | 'retry' | 'eventTimeout';
/** The workflow created a durable timer. */
export interface TimerCreatedEvent extends EventBase {
  kind: 'TimerCreated';
  fireAt: string;
  purpose: TimerPurpose;
  /** For retry timers, the task being retried; for event timeouts, the event name. */
  name?: string;
  /** The external event a whenAny raced this timer against, so the timeline can show the wait it timed out. */
  racedEvent?: string;
}
/** A durable timer's due time came. */
export interface TimerFiredEvent extends EventBase {
  kind: 'TimerFired';
  timerId: number;
  fireAt: string;
}
/** A step of the workflow began; its timestamp is the workflow's current time during that step. */
export interface OrchestratorStartedEvent extends EventBase {
  kind: 'OrchestratorStarted';
}
/** A step of the workflow ended. */
export interface OrchestratorCompletedEvent extends EventBase {
  kind: 'OrchestratorCompleted';
}
/** The workflow sent an event to another instance. */
export interface EventSentEvent extends EventBase {
  kind: 'EventSent';
  instanceId: string;
  name: string;
  input?: string;
}
/** An external event arrived for the instance. */
export interface EventRaisedEvent extends EventBase {
  kind: 'EventRaised';
  name: string;
  input?: string;
  /** Who raised it through the API (absent for events other instances sent). */
  actor?: EventActor;
}

/** One entry of an instance's append-only history (durabletask's event kinds). */
export type HistoryEvent =
  | ExecutionStartedEvent
  | ExecutionCompletedEvent
  | ExecutionTerminatedEvent
  | ExecutionSuspendedEvent
  | ExecutionResumedEvent
  | TaskScheduledEvent
  | TaskCompletedEvent
  | TaskFailedEvent
  | SubOrchestrationInstanceCreatedEvent
  | SubOrchestrationInstanceCompletedEvent
  | SubOrchestrationInstanceFailedEvent
  | TimerCreatedEvent
  | TimerFiredEvent
  | OrchestratorStartedEvent
  | OrchestratorCompletedEvent
  | EventSentEvent
  | EventRaisedEvent;

/** The name of a history event kind. */
export type HistoryEventKind = HistoryEvent['kind'];

/** A history event with its position in the instance's history. */
export type SequencedHistoryEvent = HistoryEvent & { sequence: number };

/** The short name an event is listed under (activity/child/event/timer name), if it has one. */
export function eventName(event: HistoryEvent): string | undefined {
  switch (event.kind) {
    case 'ExecutionStarted':
    case 'TaskScheduled':
    case 'SubOrchestrationInstanceCreated':
    case 'EventSent':
    case 'EventRaised':
      return event.name;
    case 'TimerCreated':
      return event.name;
    default:
      return undefined;
  }
}

/** The task sequence number an event refers to (its own eventId, or the task it completes), or -1. */
export function eventTaskId(event: HistoryEvent): number {
  switch (event.kind) {
    case 'TaskCompleted':
    case 'TaskFailed':
    case 'SubOrchestrationInstanceCompleted':
    case 'SubOrchestrationInstanceFailed':
      return event.taskScheduledId;
    case 'TimerFired':
      return event.timerId;
    default:
      return event.eventId;
  }
}
