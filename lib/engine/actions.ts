// What one workflow step asks the engine to do. The in-process executor and a remote SDK worker both answer a
// step with these; applyActions (apply-actions.ts) turns them into history, queued work and one store commit.
import type { FailureDetails } from './failure-details';
import type { HistoryEvent, TimerPurpose } from './history-events';
import type { RetryFields } from './history-builders';

/** Run activity `name` as task `id`. `retry` is the in-process executor's retry bookkeeping (absent remotely). */
export interface ScheduleActivityAction {
  kind: 'scheduleActivity';
  id: number;
  name: string;
  input?: string;
  retry?: RetryFields;
}

/** Start a durable timer `id` due at `fireAt`; `purpose` and `name` say why (remote timers are plain 'timer'). */
export interface CreateTimerAction {
  kind: 'createTimer';
  id: number;
  fireAt: string;
  purpose?: TimerPurpose;
  /** For retry timers, the task being retried; for event timeouts, the event name. */
  name?: string;
  /** The external event a whenAny races this timer against (an event wait with a timeout written as a race). */
  racedEvent?: string;
}

/** Start child workflow `name` as instance `instanceId`, task `id`. */
export interface CreateChildWorkflowAction {
  kind: 'createChildWorkflow';
  id: number;
  name: string;
  instanceId: string;
  input?: string;
  retry?: RetryFields;
}

/** Raise event `name` on instance `instanceId` (task `id`). */
export interface SendEventAction {
  kind: 'sendEvent';
  id: number;
  instanceId: string;
  name: string;
  input?: string;
}

/** The execution completed with `output`. */
export interface CompleteWorkflowAction {
  kind: 'completeWorkflow';
  output?: string;
}

/** The execution failed. */
export interface FailWorkflowAction {
  kind: 'failWorkflow';
  failure: FailureDetails;
}

/** Restart the instance with `input` and a fresh history; `carryOverEvents` are delivered to the new execution. */
export interface ContinueAsNewAction {
  kind: 'continueAsNew';
  input?: string;
  carryOverEvents: HistoryEvent[];
}

/** End the execution as TERMINATED; with `recurse`, every child still running is terminated too. */
export interface TerminateWorkflowAction {
  kind: 'terminateWorkflow';
  output?: string;
  recurse: boolean;
}

/** An action that schedules work under a task ID. */
export type SchedulingAction = ScheduleActivityAction | CreateTimerAction | CreateChildWorkflowAction | SendEventAction;

/** An action that ends the execution. */
export type CompletionAction = CompleteWorkflowAction | FailWorkflowAction | ContinueAsNewAction | TerminateWorkflowAction;

/** Anything a step can ask for. */
export type WorkflowAction = SchedulingAction | CompletionAction;

/** An external event wait the in-process executor knows of (remote SDKs do not report waits without a timer). */
export interface EventWaitHint {
  name: string;
  /** When the wait began (ISO-8601). */
  since: string;
  /** The due time of a timer raced against the wait (its timeout, or a whenAny with a timer). */
  deadline?: string;
  /** The task ID of the wait's own timeout timer, if it has one. */
  timeoutTimerId?: number;
}

/** A runner's answer for one step: the actions, the custom status (undefined: unchanged) and optional hints. */
export interface StepOutcome {
  actions: WorkflowAction[];
  customStatus?: string;
  /** The in-process executor's event waits; without them waits are derived from event-timeout timers. */
  eventWaits?: EventWaitHint[];
}

/** True for actions that end the execution. */
export function isCompletionAction(action: WorkflowAction): action is CompletionAction {
  return action.kind === 'completeWorkflow' || action.kind === 'failWorkflow' || action.kind === 'continueAsNew' || action.kind === 'terminateWorkflow';
}
