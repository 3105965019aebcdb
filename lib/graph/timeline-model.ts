import type { FailureDetails } from '@/lib/engine/failure-details';
import type { RuntimeStatus } from '@/lib/engine/runtime-status';
import type { WaitingOn } from '@/lib/engine/waiting-on';
import type { EventActor } from '@/lib/engine/history-events';

/** What besides the history shapes the timeline: the instance's status and what it waits for now. */
export interface TimelineOptions {
  status?: RuntimeStatus;
  waitingOn?: WaitingOn;
}

/** What a timeline task stands for: an activity, a child workflow, a durable timer, an external event, or an event sent to another instance. */
export type TaskKind = 'activity' | 'child' | 'timer' | 'event' | 'eventSent';

/** How a task ended (a child whose instance was terminated: 'terminated'; an external event nothing consumed: 'unmatched'), or what it is doing now. */
export type TaskOutcome = 'completed' | 'failed' | 'running' | 'waiting' | 'timedOut' | 'canceled' | 'terminated' | 'unmatched';

/** One attempt of an activity or child workflow (retries add attempts to the same task). */
export interface TaskAttempt {
  attempt: number;
  taskId: number;
  scheduledAt: string;
  endedAt?: string;
  outcome: TaskOutcome;
  input?: string;
  output?: string;
  failure?: FailureDetails;
  childInstanceId?: string;
}

/** One node-worth of work in an instance's history, with its attempts, outcome and times. */
export interface TimelineTask {
  /** Stable ID, also the graph node's ID. */
  id: string;
  kind: TaskKind;
  name: string;
  /** The engine's task sequence numbers that belong to this task: its attempts, retry timers and timeout timer. */
  taskIds: number[];
  outcome: TaskOutcome;
  /** Index of the workflow step that scheduled the task (or consumed the event). */
  step: number;
  /** Index of the step that consumed the task's final result; undefined while the task is open. */
  endStep?: number;
  startedAt: string;
  endedAt?: string;
  /** Attempts of an activity or child workflow, first to last; empty for other kinds. */
  attempts: TaskAttempt[];
  /** The retry policy's maximum number of attempts, when the task has one. */
  maxAttempts?: number;
  input?: string;
  output?: string;
  failure?: FailureDetails;
  /** The child workflow's instance ID (of the last attempt). */
  childInstanceId?: string;
  /** The instance an event was sent to. */
  targetInstanceId?: string;
  /** When a timer fires, or the deadline of an event wait with a timeout. */
  fireAt?: string;
  /** When the next attempt starts, while a failed attempt waits for its retry back-off. */
  retryAt?: string;
  /** True for an external event that arrived with no recorded wait: it sits where it was consumed. */
  arrived?: boolean;
  /** Who raised an external event through the API. */
  raisedBy?: EventActor;
  /** True for the wait of an instance that waits on nothing it scheduled and named no event (a remote SDK's wait). */
  unnamed?: boolean;
  /** True when the instance waits on this task right now. */
  current: boolean;
}

/** Kinds of instance-level marks on the timeline. */
export type MarkKind = 'start' | 'restart' | 'pause' | 'resume' | 'terminate' | 'complete' | 'fail' | 'continueAsNew';

/** An instance-level moment: start, pause, resume, termination, continue-as-new or completion. */
export interface TimelineMark {
  id: string;
  kind: MarkKind;
  label: string;
  at: string;
  step: number;
  /** Payload that goes with the mark: the start input, the output, or a pause/resume reason. */
  payload?: string;
  reason?: string;
  failure?: FailureDetails;
  /** Continue-as-new generation for a restart mark. */
  generation?: number;
  /** Who did it, for a client's start, pause, resume or terminate. */
  actor?: EventActor;
  current: boolean;
}

/** What one workflow step did, by item ID, in the order the graph's edges are derived from. */
export interface TimelineStep {
  /** The workflow's time during the step (its OrchestratorStarted timestamp), if recorded. */
  at?: string;
  /** Events consumed without a known wait (external events): they follow what came before them. */
  arrived: string[];
  /** Items whose final result this step consumed. */
  consumed: string[];
  /** Items this step scheduled or recorded (tasks, end marks). */
  produced: string[];
  /** Produced items that finish at once and lead straight on (events sent). */
  passThrough: string[];
}

/** An instance's history turned into tasks, marks and steps. */
export interface TimelineModel {
  tasks: TimelineTask[];
  marks: TimelineMark[];
  steps: TimelineStep[];
  /** True once the execution has ended (its open tasks were canceled). */
  ended: boolean;
  /** True when a client terminated the instance with its children: its open child workflows were terminated too. */
  terminatedRecursively?: boolean;
}

/** A directed "what followed what" link between two item IDs. */
export interface TimelineLink {
  from: string;
  to: string;
  /** 'flow' links a cause to what followed it; 'suspension' spans a pause until its resume. */
  kind: 'flow' | 'suspension';
}
