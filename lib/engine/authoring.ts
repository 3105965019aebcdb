import type { Task } from './tasks';
import type { RetryPolicy } from './retry-policy';

/** Options for calling an activity or a child workflow. */
export interface TaskOptions {
  retryPolicy?: RetryPolicy;
}

/** Options for waiting on an external event. */
export interface ExternalEventOptions {
  /** Give up after this many seconds: the task then fails with TaskTimeoutError. */
  timeoutInSeconds?: number;
}

/** The activity `requestApproval` schedules; the server process registers it (lib/approvals/approval-activity.ts). */
export const REQUEST_APPROVAL_ACTIVITY = 'flowdeck.requestApproval';

/**
 * An approval request a workflow makes (ctx.requestApproval): which event it will wait for, what to show, who may
 * decide (users by email or ID, groups; none: every approver), the due time and what happens after it.
 */
export interface ApprovalRequestOptions {
  eventName: string;
  title?: string;
  details?: string;
  assignees?: { users?: string[]; groups?: string[] };
  /** Due this many seconds after the workflow's current time. */
  dueInSeconds?: number;
  escalation?: { reassignTo?: string[]; decision?: 'approve' | 'reject' };
  /** Fields the decision's event payload carries besides approved/approver/comment/decidedAt/requestId. */
  approvePayload?: Record<string, unknown>;
  rejectPayload?: Record<string, unknown>;
}

/** What workflow code receives: deterministic time, IDs and the ways to schedule durable tasks. */
export interface WorkflowContext {
  /** The instance's ID. */
  getWorkflowInstanceId(): string;
  /** The workflow's registered name. */
  getWorkflowName(): string;
  /** The current step's time (from its OrchestratorStarted event): the same on every replay. */
  getCurrentUtcDateTime(): Date;
  /** True while the workflow re-runs steps already recorded in history. */
  isReplaying(): boolean;
  /** A durable timer that fires at a date, or after a number of seconds. */
  createTimer(fireAt: Date | number): Task<void>;
  /** Schedules an activity; its result is what the activity returned. */
  callActivity<TOut = unknown>(activity: WorkflowActivity | string, input?: unknown, options?: TaskOptions): Task<TOut>;
  /** Starts a child workflow with its own instance ID and history; its result is the child's output. */
  callChildWorkflow<TOut = unknown>(
    workflow: Workflow | string,
    input?: unknown,
    instanceId?: string,
    options?: TaskOptions,
  ): Task<TOut>;
  /** Alias of callChildWorkflow (the JavaScript SDK's older name). */
  callSubWorkflow<TOut = unknown>(
    workflow: Workflow | string,
    input?: unknown,
    instanceId?: string,
    options?: TaskOptions,
  ): Task<TOut>;
  /** Waits for an external event by name (case-insensitive, FIFO per name); its result is the event's payload. */
  waitForExternalEvent<TOut = unknown>(name: string, options?: ExternalEventOptions): Task<TOut>;
  /** Completes when all tasks complete, with their results in order; fails when one fails. */
  whenAll<T>(tasks: Task<T>[]): Task<T[]>;
  /** Completes when the first task completes; its result is that task. */
   
  whenAny(tasks: Task<any>[]): Task<Task>;
  /** Restarts the instance with new input and a fresh history; saveEvents carries unconsumed events over. */
  continueAsNew(newInput: unknown, saveEvents?: boolean): void;
  /** Sets a status string that clients and the dashboard see. */
  setCustomStatus(status: string): void;
  /** A UUID that is the same on every replay. */
  newGuid(): string;
  /**
   * Asks people for a decision in the approvals inbox (an activity that records the request; its result is the
   * request's ID); then wait for it with waitForExternalEvent(options.eventName). The decision's payload is
   * `{ approved, approver, comment?, decidedAt, requestId }` plus the request's per-decision fields.
   */
  requestApproval(options: ApprovalRequestOptions): Task<string>;
}

/** What an activity receives about where it runs. */
export interface WorkflowActivityContext {
  /** The calling instance's ID. */
  getWorkflowInstanceId(): string;
  /** The task's sequence number in the calling workflow. */
  getWorkflowActivityId(): number;
  /** Which attempt this is (1 for the first). */
  getAttempt(): number;
  /** Writes a line that the dashboard shows with this task (for following a demo without a terminal). */
  log(message: string): Promise<void>;
}

/** A workflow: a generator function that yields tasks (async generators are accepted too). */
 
export type Workflow<TInput = any, TOutput = any> = (
  ctx: WorkflowContext,
  input: TInput,
) =>
  | Generator<Task<unknown>, TOutput, unknown>
  | AsyncGenerator<Task<unknown>, TOutput, unknown>
  | TOutput
  | Promise<TOutput>;

/** An activity: an ordinary (async) function that does the work, at least once. */
 
export type WorkflowActivity<TInput = any, TOutput = any> = (
  ctx: WorkflowActivityContext,
  input: TInput,
) => TOutput | Promise<TOutput>;

/** The JavaScript SDK's name for a workflow function type. */
export type TWorkflow = Workflow;
/** The JavaScript SDK's name for an activity function type. */
export type TWorkflowActivity<TInput = unknown, TOutput = unknown> = WorkflowActivity<TInput, TOutput>;

/** Connection options the Dapr SDK's constructors take; accepted for source compatibility and ignored (the engine is in-process). */
export interface DaprConnectionOptions {
  daprHost?: string;
  daprPort?: string;
  logger?: unknown;
}
