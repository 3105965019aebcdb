// JSON shapes of the dashboard API (/api/*). Dates are ISO-8601 strings; payloads are parsed JSON values.
import type { EventDeclaration } from '../engine/registry';
import type { RuntimeStatus } from '../engine/runtime-status';
import type { SequencedHistoryEvent } from '../engine/history-events';
import type { WaitingKind } from '../engine/store';
import type { WaitingOn } from '../engine/waiting-on';

/** Every error response of every route (Dapr and dashboard): a stable code and a human-readable message. */
export interface ErrorBody {
  errorCode: string;
  message: string;
}

/** One instance in a list: what a table row shows. */
export interface InstanceSummary {
  instanceId: string;
  workflowName: string;
  runtimeStatus: RuntimeStatus;
  createdAt: string;
  lastUpdatedAt: string;
  /** Set once the instance is COMPLETED, FAILED or TERMINATED. */
  completedAt?: string;
  /** completedAt - createdAt, when completed. */
  durationMs?: number;
  customStatus?: string;
  parentInstanceId?: string;
  /**
   * Set (true) when the instance cannot move on until a Dapr SDK worker connects: it is RUNNING (or PENDING and
   * due), this process does not run its workflow itself, and no remote worker is connected to this process.
   */
  waitingForWorker?: true;
  /** What the instance mainly waits on (an event before an activity, a child, a timer) and since when; absent when nothing. */
  waiting?: { kind: WaitingKind; name?: string; since: string };
  /** The failure's type and the first line of its message (at most 200 characters), when it failed. */
  failureType?: string;
  failureReason?: string;
}

/** GET /api/instances: one page of instances and the counts by status under the same filters. */
export interface InstanceListResponse {
  items: InstanceSummary[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
  /** Instances per status under the same filters (the status filter itself ignored); every status present. */
  counts: Record<RuntimeStatus, number>;
}

/** Why an instance failed, as Dapr reports it. */
export interface FailureBody {
  errorType: string;
  message: string;
  stackTrace?: string;
}

/** One line an activity logged while it ran. */
export interface ActivityLogLine {
  taskId: number;
  message: string;
  createdAt: string;
}

/** An external event an instance may be waiting for although its runner did not report the wait. */
export interface ExpectedEventWait {
  /** The declared event's name; absent when the instance waits for an event nobody named. */
  name?: string;
  since: string;
  /** When a timer the instance scheduled alongside fires (a whenAny race against the wait). */
  deadline?: string;
  /** The workflow's declaration of the event (its Approve/Reject payloads), when it has one. */
  declaration?: EventDeclaration;
}

/** GET /api/instances/{id}: one instance with its payloads, what it waits on, its family and its logs. */
export interface InstanceDetail extends InstanceSummary {
  executionId: string;
  /** Parsed input; absent when the instance has none. */
  input?: unknown;
  /** Parsed output (or termination output); absent when none. */
  output?: unknown;
  failure?: FailureBody;
  scheduledStartAt?: string;
  waitingOn: WaitingOn;
  /**
   * External events the instance may be waiting for beyond `waitingOn.events`: remote SDK workers report no
   * event waits, so for a workflow this process does not run these are its declared events (or one unnamed
   * wait) while it waits on nothing it scheduled, or on timers only (a race against the wait). Usually empty.
   */
  expectedEvents: ExpectedEventWait[];
  /** The parent workflow, when this is a child and the parent still exists. */
  parent?: InstanceSummary;
  /** Child workflows (oldest first), at most 200; see childrenTruncated. */
  children: InstanceSummary[];
  childrenTruncated: boolean;
  /** Number of events in the history (fetch them with GET /api/instances/{id}/history). */
  historyLength: number;
  /** The most recent activity log lines (at most 500), oldest first. */
  activityLogs: ActivityLogLine[];
  /** How many older lines were left out of activityLogs. */
  activityLogsOmitted: number;
  /** Set for a viewer when this workflow's payloads are hidden from viewers (FLOWDECK_VIEWER_HIDDEN_PAYLOADS). */
  payloadsHidden?: true;
}

/** GET /api/instances/{id}/history: events from `from` on, in order. */
export interface HistoryPage {
  /** Oldest first (order=asc) or newest first (order=desc). */
  events: SequencedHistoryEvent[];
  /** order=asc: pass as `from` to get the next page; absent on the last page. */
  nextSequence?: number;
  /** order=desc: pass as `before` to get the next older page; absent on the page that holds the first event. */
  nextBefore?: number;
}

/** Which page of a history: `limit` events from sequence `from` on, or the `limit` events before sequence `before` (default the end), newest first. */
export type HistoryPageQuery = { order: 'asc'; from: number; limit: number } | { order: 'desc'; before?: number; limit: number };

/** An operation the dashboard can apply to one instance or to many at once. */
export type BulkAction = 'pause' | 'resume' | 'terminate' | 'purge';

/** POST /api/instances/bulk. With dryRun nothing changes: each result says whether the action would apply. */
export interface BulkRequest {
  action: BulkAction;
  /** 1 to 500 distinct instance IDs. */
  instanceIds: string[];
  dryRun?: boolean;
  /** Why (up to 1,000 characters): on each history event the action causes, and in the audit trail. */
  reason?: string;
}

/** What happened (or, with dryRun, would happen) to one instance of a bulk request. */
export interface BulkResult {
  instanceId: string;
  ok: boolean;
  errorCode?: string;
  message?: string;
}

/** POST /api/instances/bulk: one result per requested ID, in request order. */
export interface BulkResponse {
  results: BulkResult[];
  /**
   * For terminate: live (non-terminal) descendant workflows of the accepted instances that the
   * termination reaches (it is recursive). For purge: descendants deleted with them (or, dry run, that would be).
   */
  affectedDescendants?: number;
}

/** POST /api/instances/{id}/terminate body (all optional). */
export interface TerminateRequest {
  output?: unknown;
}

/** POST /api/instances/{id}/pause and /resume body (all optional). */
export interface ReasonRequest {
  reason?: string;
}

/** POST /api/instances/{id}/raise-event body. */
export interface RaiseEventRequest {
  eventName: string;
  payload?: unknown;
}

/** A registered workflow, as the start form and the approvals inbox need it. */
export interface WorkflowInfo {
  name: string;
  description?: string;
  exampleInput?: unknown;
  events: EventDeclaration[];
}

/** GET /api/workflows. */
export interface WorkflowListResponse {
  items: WorkflowInfo[];
}

/** POST /api/workflows/{name}/start body (all optional; a UUID is generated when instanceId is absent). */
export interface StartRequest {
  input?: unknown;
  instanceId?: string;
  /** ISO-8601 time; the instance stays PENDING until then. */
  startAt?: string;
}

/** POST /api/workflows/{name}/start answer (202). */
export interface StartResponse {
  instanceId: string;
}

/**
 * Why the inbox lists a wait its runner did not report (remote SDK workers report no event waits): `declared`, a
 * remote instance waits on nothing it scheduled (or on timers only) and its workflow declares this event;
 * `unnamed`, a remote instance waits on nothing it scheduled and its workflow declares no event (eventName is
 * empty: the approver types one).
 */
export type ApprovalWaitKind = 'declared' | 'unnamed';

/** One instance waiting for an external event (one row per awaited event name). */
export interface ApprovalItem {
  instanceId: string;
  workflowName: string;
  /** The awaited event's name; empty when `wait` is `unnamed`. */
  eventName: string;
  /** Absent when the instance's runner recorded the wait; else why the inbox thinks it waits. */
  wait?: ApprovalWaitKind;
  waitingSince: string;
  /** When a timer raced against the wait (timeout or whenAny) fires. */
  deadline?: string;
  /** The instance's input as JSON text, cut to at most 200 characters. */
  inputSummary: string;
  customStatus?: string;
  /** The workflow's declaration of this event (buttons, comment field), if it declared one. */
  event?: EventDeclaration;
}

/** GET /api/approvals/waiting: the longest-waiting first; `truncated` when more wait than the `limit` listed. */
export interface WaitingEventListResponse {
  items: ApprovalItem[];
  limit: number;
  truncated: boolean;
}

/** One stock line of the order demo's inventory. */
export interface InventoryLine {
  name: string;
  quantity: number;
  pricePerItem: number;
}

/** GET /api/inventory, and the answer of POST /api/inventory/restock (which puts every default item back to its default quantity). */
export interface InventoryResponse {
  items: InventoryLine[];
}

/** POST /api/inventory/restock body: empty (restock always returns every default item to its default quantity and price). */
export type RestockRequest = Record<string, never>;

/** GET /api/health when the database answers. */
export interface HealthResponse {
  status: 'ok';
  database: 'sqlite' | 'postgresql';
}

/** POST /api/session body: the API token to keep in an httpOnly cookie for the dashboard's fetches. */
export interface SessionRequest {
  token: string;
}
