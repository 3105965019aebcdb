// The engine's storage interface: the records it stores and the parts every store implements
// (EngineStore: the hot path; HeartbeatStore: which workers are alive; DashboardStore: listing, counts, purge),
// joined as WorkflowStore.
import { childFailed } from './history-builders';
import type { FailureDetails } from './failure-details';
import type { ExecutionArchive, RecoveryStore } from './recovery-store';
import type { HistoryEvent, SequencedHistoryEvent } from './history-events';
import type { RuntimeStatus } from './runtime-status';
import type { TraceContext } from './trace-context';
import type { WaitingOn } from './waiting-on';

/** What an instance mainly waits on, as the instance list filters it: an external event, activity, child or timer. */
export type WaitingKind = 'event' | 'activity' | 'child' | 'timer';

/** The main wait of an instance (summarised from its waitingOn by the store): its kind, its name and since when. */
export interface WaitingSummary {
  kind: WaitingKind;
  /** The event, activity or child workflow name (a timer's name when it has one); absent for an unnamed event. */
  name?: string;
  since: Date;
}

/** An instance as stored: its row in the instances table. */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  status: RuntimeStatus;
  input?: string;
  output?: string;
  customStatus?: string;
  failure?: FailureDetails;
  parentInstanceId?: string;
  parentTaskId?: number;
  waitingOn?: WaitingOn;
  waitingForEventSince?: Date;
  createdAt: Date;
  lastUpdatedAt: Date;
  completedAt?: Date;
  scheduledStartAt?: Date;
  historyLength: number;
  version: number;
  /** The trace context it was started under (a caller's traceparent, or its parent's step span): one trace per instance. */
  trace?: TraceContext;
  /** completedAt - createdAt in ms once finished (rows a listing reads carry it). */
  durationMs?: number;
  /** The main wait, on rows a listing reads. */
  waiting?: WaitingSummary;
  /** The failure's type and message (no stack trace), on rows a listing reads. */
  failureSummary?: { errorType: string; message: string };
}

/**
 * An instance as a list shows it: its row without the payloads (input, output, failure) and without what it waits
 * on, so that listing many instances reads only their small columns.
 */
export type InstanceSummaryRecord = Omit<InstanceRecord, 'input' | 'output' | 'failure' | 'waitingOn'>;

/** How many characters of an instance's input an InstancePreviewRecord carries at least (when the input has them). */
export const INPUT_PREVIEW_CHARS = 256;

/**
 * An instance as the approvals inbox reads it: the summary, what it waits on, and `input` cut to its first
 * INPUT_PREVIEW_CHARS characters (a store may give more of it, up to all).
 */
export type InstancePreviewRecord = InstanceSummaryRecord & Pick<InstanceRecord, 'waitingOn' | 'input'>;

/** What a listing reads of each instance: whole rows (absent), summaries, or summaries with an input preview. */
export type InstanceColumns = 'summary' | 'preview';

/** A message in an instance's inbox; `visibleAt` in the future is how timers wait. */
export interface InboxMessage {
  id: number;
  instanceId: string;
  /** The execution the message belongs to (timers, task results); undefined for any execution. */
  executionId?: string;
  event: HistoryEvent;
  visibleAt: Date;
}

/** A message to put in an instance's inbox. */
export type NewInboxMessage = Omit<InboxMessage, 'id'>;

/** What makes a message one that is sent at most once: its key, and a record kept with it (JSON text). */
export interface MessageReceipt {
  key: string;
  record: string;
}

/** An instance to create, with the ExecutionStarted message that starts it. */
export interface NewInstance {
  instanceId: string;
  name: string;
  executionId: string;
  input?: string;
  parentInstanceId?: string;
  parentTaskId?: number;
  scheduledStartAt?: Date;
  createdAt: Date;
  startMessage: NewInboxMessage;
  /** The trace context to keep with it (InstanceRecord.trace). */
  trace?: TraceContext;
}

/** An activity attempt to run. */
export interface ActivityTaskRecord {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input?: string;
  /** Which attempt of the task this is (from its TaskScheduled event). */
  attempt: number;
  /** The trace context of the step span that scheduled it (when tracing). */
  trace?: TraceContext;
  /** When the task became visible to claims (a claimed task carries it: claim-to-start lag). */
  visibleAt?: Date;
}

/**
 * An activity attempt to enqueue; with `leasedTo`, inserted already leased to that worker (the worker whose step
 * scheduled it runs it at once, without a claim).
 */
export type NewActivityTask = Omit<ActivityTaskRecord, 'id'> & { visibleAt: Date; leasedTo?: { workerId: string; until: Date } };

/**
 * How completeActivityTask delivered a result: into the step it was given (with the row IDs of the activity tasks
 * that step inserted, in its order), or as a message to the instance's inbox.
 */
export type ActivityDelivery = { stepped: true; taskIds: number[] } | { stepped: false };

/** Which workflow or activity names a worker serves: only these, or every name but these. */
export type NameFilter = { only: readonly string[] } | { except: readonly string[] };

/** True when `name` passes `filter` (no filter: every name does). */
export function matchesNameFilter(filter: NameFilter | undefined, name: string): boolean {
  if (!filter) return true;
  return 'only' in filter ? filter.only.includes(name) : !filter.except.includes(name);
}

/** An instance leased to a worker, with the inbox messages visible now. */
export interface WorkflowWorkItem {
  instance: InstanceRecord;
  messages: InboxMessage[];
}

/** The new state of the instance row after a step. */
export interface InstanceUpdate {
  status: RuntimeStatus;
  executionId?: string;
  input?: string;
  output?: string | null;
  customStatus?: string | null;
  failure?: FailureDetails | null;
  waitingOn: WaitingOn;
  waitingForEventSince: Date | null;
  lastUpdatedAt: Date;
  completedAt?: Date | null;
  /** completedAt - the instance's createdAt in ms, set with completedAt (the list sorts by it). */
  durationMs?: number;
}

/** Everything one workflow step writes, committed in one transaction. */
export interface WorkflowStepCommit {
  instanceId: string;
  /** The version the worker claimed; the commit fails with LeaseLostError if it changed. */
  expectedVersion: number;
  /** Inbox messages the step consumed; each must still exist or the commit fails with LeaseLostError. */
  consumedMessageIds: number[];
  /** Delete the existing history first (continue-as-new starts a fresh one). */
  resetHistory: boolean;
  /** With resetHistory: keep the execution it closes (lib/engine/recovery-store.ts), in the same transaction. */
  archive?: ExecutionArchive;
  /** Events appended to the history, numbered from historyLength (or 0 after a reset). */
  newEvents: HistoryEvent[];
  update: InstanceUpdate;
  /** Terminal step: delete the instance's remaining inbox messages and queued activity tasks. */
  discardPendingWork: boolean;
  activityTasks: NewActivityTask[];
  /** Messages to this or other instances. Messages to instances that do not exist are dropped. */
  messages: NewInboxMessage[];
  /**
   * Child instances to create (a terminal instance with the same ID is replaced). When one with the ID
   * is live, it is left alone and the parent gets the message `childRejectedMessage(child, status)` instead.
   */
  children: NewInstance[];
}

/** The message a parent receives when its child's ID belongs to a live instance. */
export function childRejectedMessage(child: NewInstance, status: RuntimeStatus): NewInboxMessage {
  const at = child.createdAt;
  return {
    instanceId: child.parentInstanceId!,
    executionId: child.startMessage.event.kind === 'ExecutionStarted' ? child.startMessage.event.parent?.executionId : undefined,
    visibleAt: at,
    event: childFailed(at, child.parentTaskId!, {
      errorType: 'InstanceAlreadyExistsError',
      message: `cannot start child workflow: an instance with ID '${child.instanceId}' already exists and is ${status}`,
    }),
  };
}

/** What a listing sorts by: creation, last update, completion or duration time, workflow name or status. */
export type InstanceSort = 'created' | 'updated' | 'completed' | 'duration' | 'name' | 'status';

/** Filters for listing instances. */
export interface InstanceQuery {
  statuses?: RuntimeStatus[];
  name?: string;
  /** Leave out instances of these workflow names. */
  excludeNames?: string[];
  idPrefix?: string;
  /** Instance IDs containing this text, ignoring case (ASCII letters on SQLite). */
  idContains?: string;
  /** Only these instance IDs. */
  instanceIds?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  updatedFrom?: Date;
  updatedTo?: Date;
  completedFrom?: Date;
  completedTo?: Date;
  /** Only finished instances (completedAt set). */
  finishedOnly?: boolean;
  parentInstanceId?: string;
  /** Only instances without a parent. */
  topLevel?: boolean;
  /** Only instances whose main wait (InstanceRecord.waiting) is of this kind ... */
  waitingKind?: WaitingKind;
  /** ... and has this name ... */
  waitingName?: string;
  /** ... and started at or before this time (waiting for longer than now minus it). */
  waitingSinceBy?: Date;
  /** Only instances a worker could take now: RUNNING, or PENDING with no scheduled start after this time. */
  dueBy?: Date;
  /** Only failures of this type. */
  failureType?: string;
  /** Only failures whose type or message contains this text, ignoring case (ASCII letters on SQLite). */
  failureText?: string;
  /** Sort key (default created), then createdAt, then instanceId. */
  sort?: InstanceSort;
  /** Descending (default) or ascending, on every sort key. */
  order?: 'desc' | 'asc';
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit: number;
  /** Read only the summary columns (InstanceSummaryRecord) or those and an input preview (InstancePreviewRecord). */
  columns?: InstanceColumns;
}

/** The filters of InstanceQuery without status, order, paging or columns: what countInstancesByStatus groups. */
export type InstanceCountQuery = Omit<InstanceQuery, 'statuses' | 'cursor' | 'limit' | 'order' | 'columns' | 'sort'>;

/** One line an activity logged. */
export interface ActivityLogLine {
  taskId: number;
  message: string;
  createdAt: Date;
}

/** A page of instances (whole rows unless the query asked for fewer columns) and the cursor of the next page (undefined at the end). */
export interface InstancePage<Item = InstanceRecord> {
  items: Item[];
  nextCursor?: string;
}

/**
 * The engine's hot path: starts, messages, claims, step commits, activity tasks and leases. Workers,
 * the client and the API's operations use it on every step.
 *
 * Errors: besides what each method names, every method rejects with the driver's own error when the
 * database is unreachable or busy past the store's retries (`isDatabaseUnavailable` in
 * lib/store/database-faults.ts recognizes those); "throws nothing else" means only those.
 */
export interface EngineStore {
  /**
   * Creates an instance and its start message. An existing terminal instance with the same ID is
   * replaced (its history and pending work deleted). Throws InstanceAlreadyExistsError when one is live.
   */
  createInstance(instance: NewInstance): Promise<void>;

  /** The instance row, or undefined when there is none. Throws nothing else. */
  getInstance(instanceId: string): Promise<InstanceRecord | undefined>;

  /**
   * History events from `fromSequence` (default 0), at most `limit` (default all), in order; empty for an
   * unknown instance. Throws nothing else.
   */
  getHistory(instanceId: string, options?: { fromSequence?: number; limit?: number }): Promise<SequencedHistoryEvent[]>;

  /**
   * Puts a message in the inbox of an instance whose status is one of `allowed`, in one transaction
   * with the status check. Throws InstanceNotFoundError, or InvalidInstanceStatusError naming `operation`.
   * With a receipt, the message is sent at most once per receipt key: the receipt is written in the same
   * transaction, and a key already written throws DuplicateReceiptError with what it recorded (nothing is sent).
   */
  sendMessage(message: NewInboxMessage, operation: string, allowed: readonly RuntimeStatus[], receipt?: MessageReceipt): Promise<void>;

  /**
   * Leases up to `limit` instances that have inbox messages visible at `now` and no live lease
   * (unlocked, or lease expired), for `leaseMs`. Returns them with their visible messages in order.
   * With `filter`, only instances whose workflow name passes it (`{ only: [] }` claims nothing).
   * Throws nothing else.
   */
  claimWorkflowWorkItems(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<WorkflowWorkItem[]>;

  /**
   * Commits one step atomically and releases the lease; returns the row IDs of the activity tasks it inserted, in
   * the commit's order. Throws LeaseLostError (writing nothing) when the instance is no longer leased to
   * `workerId`, its version moved, or a consumed message is gone.
   */
  commitWorkflowStep(workerId: string, commit: WorkflowStepCommit): Promise<number[]>;

  /**
   * Releases a workflow lease without committing (the messages stay for the next claim); does nothing
   * when `workerId` does not hold it. Throws nothing else.
   */
  abandonWorkflowWorkItem(workerId: string, instanceId: string): Promise<void>;

  /** Releases an activity task's lease without a result, so it runs again (its worker went away). Throws nothing else. */
  abandonActivityTask(workerId: string, taskRowId: number): Promise<void>;

  /**
   * Extends, to `now` + `leaseMs`, the workflow leases `workerId` still holds among `instanceIds` (a long
   * step keeps its instance); returns those IDs, in the order given. Throws nothing else.
   */
  renewWorkflowLeases(workerId: string, instanceIds: string[], leaseMs: number, now: Date): Promise<string[]>;

  /**
   * Leases up to `limit` activity tasks visible at `now` and not leased (or lease expired). With `filter`,
   * only tasks whose activity name passes it (`{ only: [] }` claims nothing). Throws nothing else.
   */
  claimActivityTasks(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<ActivityTaskRecord[]>;

  /**
   * Extends, to `now` + `leaseMs`, the leases `workerId` still holds among `taskIds`; returns those IDs,
   * ascending. Throws nothing else.
   */
  renewActivityLeases(workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]>;

  /**
   * Deletes the task and delivers its result, in one transaction: with `step` (a step of the task's instance that
   * consumed the result, computed by this worker without a lease), as that step when the instance is unleased (or
   * its lease expired) at `step.expectedVersion`, committed as by commitWorkflowStep; otherwise, or without a
   * step, as `result` in the instance's inbox. Throws LeaseLostError (writing nothing) when the task is gone or
   * leased to another worker.
   */
  completeActivityTask(workerId: string, taskRowId: number, result: NewInboxMessage, step?: WorkflowStepCommit): Promise<ActivityDelivery>;

  /** Releases every lease `workerId` holds (graceful stop). Throws nothing else. */
  releaseLeases(workerId: string): Promise<void>;

  /** The earliest visibleAt among inbox messages and activity tasks after `now`, for timer wake-ups. Throws nothing else. */
  nextVisibleAt(now: Date): Promise<Date | undefined>;

  /** Appends a line to an activity's log. Throws nothing else. */
  appendActivityLog(instanceId: string, taskId: number, message: string, at: Date): Promise<void>;
}

/** A worker process's heartbeat row: who it is, where it runs, since when, and when it last said it was alive. */
export interface WorkerHeartbeat {
  workerId: string;
  /** The machine (host name) the worker runs on. */
  host: string;
  /** Its process ID on that host. */
  pid: number;
  startedAt: Date;
  /** When it last recorded its heartbeat (its own clock). */
  lastSeenAt: Date;
  /** The Flowdeck version it runs, when it says. */
  version?: string;
  /** The workflow steps and activity attempts it was running at this beat, when it says. */
  inFlight?: { steps: number; activities: number };
}

/**
 * Which workers are alive (lib/engine/heartbeat.ts): every running worker records a heartbeat, and the live
 * ones take over the leases of a worker whose heartbeat stopped. The same database errors as EngineStore's apply.
 */
export interface HeartbeatStore {
  /** Inserts or replaces `worker`'s heartbeat row. Throws nothing else. */
  recordHeartbeat(worker: WorkerHeartbeat): Promise<void>;

  /** Every heartbeat row, by worker ID. Throws nothing else. */
  listHeartbeats(): Promise<WorkerHeartbeat[]>;

  /** Deletes `workerId`'s heartbeat row (a worker that stopped gracefully); nothing when there is none. Throws nothing else. */
  deleteHeartbeat(workerId: string): Promise<void>;

  /**
   * Takes over a worker judged dead: when its heartbeat row still has a `lastSeenAt` no later than the one the
   * judge saw (it has not beaten since), deletes the row and releases every workflow and activity lease the
   * worker holds, in one transaction, and returns true; otherwise (it beat again, or another worker took it
   * over first) changes nothing and returns false. Throws nothing else.
   */
  takeOverWorker(workerId: string, lastSeenAt: Date): Promise<boolean>;
}

/**
 * What the dashboard and the management API read (and purge), off the engine's hot path. The same
 * database errors as EngineStore's apply.
 */
export interface DashboardStore {
  /**
   * Instances matching the query, with keyset (cursor) pagination: whole rows, or with `columns` only what a list
   * shows (a store may return more than asked). Throws RangeError for a cursor it did not make.
   */
  listInstances(query: InstanceQuery & { columns: 'summary' }): Promise<InstancePage<InstanceSummaryRecord>>;
  listInstances(query: InstanceQuery & { columns: 'preview' }): Promise<InstancePage<InstancePreviewRecord>>;
  listInstances(query: InstanceQuery): Promise<InstancePage>;

  /** How many instances have each status, under the same filters as listInstances. Throws nothing else. */
  countInstancesByStatus(query: InstanceCountQuery): Promise<Partial<Record<RuntimeStatus, number>>>;

  /**
   * Instances waiting for an external event, the latest to start waiting first, with a preview of their input
   * (a store may return whole rows). Throws nothing else.
   */
  listInstancesWaitingForEvents(limit: number): Promise<InstancePreviewRecord[]>;

  /**
   * Deletes purgeable (terminal) instances with their history, inbox, tasks and logs; with `recursive`,
   * their descendants too. Throws InstanceNotFoundError, or InvalidInstanceStatusError when one is not
   * purgeable (deleting nothing). Returns the number of instances deleted.
   */
  purgeInstance(instanceId: string, recursive: boolean): Promise<number>;

  /** An instance's activity log lines, oldest first; empty for an unknown instance. Throws nothing else. */
  getActivityLogs(instanceId: string): Promise<ActivityLogLine[]>;
}

/** How many instances of one workflow have one status. */
export interface InstanceNameStatusCount {
  name: string;
  status: RuntimeStatus;
  count: number;
}

/** The work waiting at one moment, as metrics and the System page read it. */
export interface BacklogSnapshot {
  /** When the oldest visible inbox message of an unleased instance became visible (undefined: none waits). */
  oldestInboxVisibleAt?: Date;
  /** When the oldest visible, unleased activity task became visible (undefined: none waits). */
  oldestActivityVisibleAt?: Date;
  /** Inbox messages that become visible after `now` and at most `horizonMs` later: durable timers, retry back-offs, scheduled starts. */
  timersDue: number;
}

/**
 * What operators' metrics and the System page read periodically (every few seconds, off the hot path): cheap
 * grouped counts and index-ordered reads. The same database errors as EngineStore's apply.
 */
export interface OperationsStore {
  /** How many instances each workflow name has in each status (only pairs with instances). Throws nothing else. */
  countInstancesByNameAndStatus(): Promise<InstanceNameStatusCount[]>;

  /** The backlog at `now`, and the timers due within `horizonMs` after it. Throws nothing else. */
  readBacklog(now: Date, horizonMs: number): Promise<BacklogSnapshot>;
}

/**
 * Where the engine keeps its state: the hot path, the workers' heartbeats and the dashboard's reads. Implementations in lib/store:
 * in memory (tests), and on SQLite and PostgreSQL (the hot path in raw SQL on connections of their own,
 * the dashboard's listing through Prisma); one contract suite (test/store/store-contract.ts) runs
 * against all of them.
 */
export interface WorkflowStore extends EngineStore, HeartbeatStore, DashboardStore, OperationsStore, RecoveryStore {
  /** Finishes the writes in flight and releases the store's own connections. Throws nothing else. */
  close(): Promise<void>;
}
