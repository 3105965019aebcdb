// Conversions between the database rows (as Prisma or a raw query returns them) and the engine's
// store records (lib/engine/store).
import { parseHistoryEvent } from '../engine/history-schema';
import type { FailureDetails } from '../engine/failure-details';
import type { HistoryEvent, SequencedHistoryEvent } from '../engine/history-events';
import type { RuntimeStatus } from '../engine/runtime-status';
import type { TraceContext } from '../engine/trace-context';
import type { ActivityTaskRecord, InboxMessage, InstancePreviewRecord, InstanceRecord, InstanceSummaryRecord, WaitingKind, WorkerHeartbeat } from '../engine/store';

/** A WorkflowInstance row as Prisma (or a raw `RETURNING *`) gives it back. */
export interface InstanceRow {
  instanceId: string;
  name: string;
  executionId: string;
  status: string;
  input: string | null;
  output: string | null;
  customStatus: string | null;
  failureType: string | null;
  failureMessage: string | null;
  failureStack: string | null;
  parentInstanceId: string | null;
  parentTaskId: number | bigint | null;
  waitingOn: string | null;
  waitingForEventSince: Date | string | null;
  createdAt: Date | string;
  lastUpdatedAt: Date | string;
  completedAt: Date | string | null;
  scheduledStartAt: Date | string | null;
  historyLength: number | bigint;
  version: number | bigint;
  traceParent?: string | null;
  traceState?: string | null;
  /** The wait summary and duration columns (absent from reads that list INSTANCE_COLUMN_LIST). */
  waitingKind?: string | null;
  waitingName?: string | null;
  waitingSince?: Date | string | null;
  durationMs?: number | bigint | null;
}

/** Raw query results may carry dates as strings and integers as BigInt; records carry Date and number. */
function date(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function optionalDate(value: Date | string | null): Date | undefined {
  return value === null ? undefined : date(value);
}

function optional<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

/** The record of an instance row (lease columns left out): its summary plus its payloads. */
export function toInstanceRecord(row: InstanceRow): InstanceRecord {
  const failure: FailureDetails | undefined =
    row.failureType === null ? undefined : { errorType: row.failureType, message: row.failureMessage ?? '', stackTrace: optional(row.failureStack) };
  return {
    ...toInstanceSummaryRecord(row),
    input: optional(row.input),
    output: optional(row.output),
    failure,
    waitingOn: row.waitingOn === null ? undefined : JSON.parse(row.waitingOn),
    ...traceOf(row),
  };
}

/** The `trace` field of a record whose row has traceParent/traceState columns (nothing when none is stored). */
function traceOf(row: { traceParent?: string | null; traceState?: string | null }): { trace?: TraceContext } {
  if (!row.traceParent) return {};
  return { trace: row.traceState ? { traceParent: row.traceParent, traceState: row.traceState } : { traceParent: row.traceParent } };
}

/** The columns of an instance row a list shows (InstanceSummaryRecord's): none of its payloads. */
export const INSTANCE_SUMMARY_COLUMNS = [
  'instanceId', 'name', 'executionId', 'status', 'customStatus', 'parentInstanceId', 'parentTaskId', 'waitingForEventSince',
  'createdAt', 'lastUpdatedAt', 'completedAt', 'scheduledStartAt', 'historyLength', 'version',
  'waitingKind', 'waitingName', 'waitingSince', 'durationMs', 'failureType', 'failureMessage',
] as const satisfies readonly (keyof InstanceRow)[];

/** An instance row read with the summary columns only. */
export type InstanceSummaryRow = Pick<InstanceRow, (typeof INSTANCE_SUMMARY_COLUMNS)[number]>;

/** The summary record of a row read with the summary columns only (or fewer: the wait summary, duration and failure are optional). */
export function toInstanceSummaryRecord(row: InstanceSummaryRow): InstanceSummaryRecord {
  const listed: Partial<InstanceSummaryRecord> = {};
  if (row.durationMs !== undefined && row.durationMs !== null) listed.durationMs = Number(row.durationMs);
  if (row.waitingKind) {
    listed.waiting = { kind: row.waitingKind as WaitingKind, since: date(row.waitingSince ?? row.lastUpdatedAt) };
    if (row.waitingName !== null && row.waitingName !== undefined) listed.waiting.name = row.waitingName;
  }
  if (row.failureType !== undefined && row.failureType !== null) listed.failureSummary = { errorType: row.failureType, message: row.failureMessage ?? '' };
  return {
    ...listed,
    instanceId: row.instanceId,
    name: row.name,
    executionId: row.executionId,
    status: row.status as RuntimeStatus,
    customStatus: optional(row.customStatus),
    parentInstanceId: optional(row.parentInstanceId),
    parentTaskId: row.parentTaskId === null ? undefined : Number(row.parentTaskId),
    waitingForEventSince: optionalDate(row.waitingForEventSince),
    createdAt: date(row.createdAt),
    lastUpdatedAt: date(row.lastUpdatedAt),
    completedAt: optionalDate(row.completedAt),
    scheduledStartAt: optionalDate(row.scheduledStartAt),
    historyLength: Number(row.historyLength),
    version: Number(row.version),
  };
}

/** The preview record of a summary row read with `waitingOn`, given its input preview (null: no input). */
export function toInstancePreviewRecord(row: InstanceSummaryRow & Pick<InstanceRow, 'waitingOn'>, inputPreview: string | null): InstancePreviewRecord {
  return {
    ...toInstanceSummaryRecord(row),
    input: optional(inputPreview),
    waitingOn: row.waitingOn === null ? undefined : JSON.parse(row.waitingOn),
  };
}

const INSTANCE_COLUMN_NAMES = [
  'instanceId', 'name', 'executionId', 'status', 'input', 'output', 'customStatus', 'failureType', 'failureMessage', 'failureStack',
  'parentInstanceId', 'parentTaskId', 'waitingOn', 'waitingForEventSince', 'createdAt', 'lastUpdatedAt', 'completedAt',
  'scheduledStartAt', 'historyLength', 'version', 'traceParent', 'traceState',
];

/** The same columns as plain SQL text (for prepared statements). */
export const INSTANCE_COLUMN_LIST = INSTANCE_COLUMN_NAMES.map((c) => `"${c}"`).join(', ');

/** The event of a history row, with its sequence number. */
export function toSequencedEvent(row: { sequence: number | bigint; data: string }): SequencedHistoryEvent {
  return { ...parseHistoryEvent(row.data), sequence: Number(row.sequence) };
}

/** An inbox row as read back. */
export interface InboxRow {
  id: number | bigint;
  instanceId: string;
  executionId: string | null;
  event: string;
  visibleAt: Date | string;
}

/** The message of an inbox row. */
export function toInboxMessage(row: InboxRow): InboxMessage {
  return { id: Number(row.id), instanceId: row.instanceId, executionId: optional(row.executionId), event: parseHistoryEvent(row.event), visibleAt: date(row.visibleAt) };
}

/** An activity task row as a raw `RETURNING` gives it back. */
export interface ActivityTaskRow {
  id: number | bigint;
  instanceId: string;
  executionId: string;
  taskId: number | bigint;
  name: string;
  input: string | null;
  attempt: number | bigint;
  visibleAt?: Date | string;
  traceParent?: string | null;
  traceState?: string | null;
}

/** The record of an activity task row. */
export function toActivityTask(row: ActivityTaskRow): ActivityTaskRecord {
  return {
    id: Number(row.id),
    instanceId: row.instanceId,
    executionId: row.executionId,
    taskId: Number(row.taskId),
    name: row.name,
    input: optional(row.input),
    attempt: Number(row.attempt),
    ...(row.visibleAt === undefined ? {} : { visibleAt: date(row.visibleAt) }),
    ...traceOf(row),
  };
}

/** A heartbeat row with its times as Dates; the optional columns null when not recorded. */
export type HeartbeatColumns = Omit<WorkerHeartbeat, 'version' | 'inFlight'> & {
  version: string | null;
  inFlightSteps: number | null;
  inFlightActivities: number | null;
};

/** The record of a heartbeat row: `version` and `inFlight` only when the worker recorded them. */
export function toHeartbeat(row: HeartbeatColumns): WorkerHeartbeat {
  const { version, inFlightSteps, inFlightActivities, ...beat } = row;
  return {
    ...beat,
    ...(version === null ? {} : { version }),
    ...(inFlightSteps === null || inFlightActivities === null ? {} : { inFlight: { steps: Number(inFlightSteps), activities: Number(inFlightActivities) } }),
  };
}
