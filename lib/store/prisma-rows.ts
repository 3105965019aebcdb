// Conversions between the Prisma rows (lib/db/generated) and the engine's store records (lib/engine/store).
import type { Prisma } from '../db/generated/sqlite/client';
import type { FailureDetails } from '../engine/failure-details';
import { eventName, eventTaskId, type HistoryEvent, type SequencedHistoryEvent } from '../engine/history-events';
import type { RuntimeStatus } from '../engine/runtime-status';
import type { ActivityTaskRecord, InboxMessage, InstanceRecord, InstanceUpdate, NewActivityTask, NewInboxMessage, NewInstance } from '../engine/store';

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

/** The record of an instance row (lease columns left out). */
export function toInstanceRecord(row: InstanceRow): InstanceRecord {
  const failure: FailureDetails | undefined =
    row.failureType === null ? undefined : { errorType: row.failureType, message: row.failureMessage ?? '', stackTrace: optional(row.failureStack) };
  return {
    instanceId: row.instanceId,
    name: row.name,
    executionId: row.executionId,
    status: row.status as RuntimeStatus,
    input: optional(row.input),
    output: optional(row.output),
    customStatus: optional(row.customStatus),
    failure,
    parentInstanceId: optional(row.parentInstanceId),
    parentTaskId: row.parentTaskId === null ? undefined : Number(row.parentTaskId),
    waitingOn: row.waitingOn === null ? undefined : JSON.parse(row.waitingOn),
    waitingForEventSince: optionalDate(row.waitingForEventSince),
    createdAt: date(row.createdAt),
    lastUpdatedAt: date(row.lastUpdatedAt),
    completedAt: optionalDate(row.completedAt),
    scheduledStartAt: optionalDate(row.scheduledStartAt),
    historyLength: Number(row.historyLength),
    version: Number(row.version),
  };
}

/** The row of a new PENDING instance. */
export function newInstanceRow(instance: NewInstance): Prisma.WorkflowInstanceCreateManyInput {
  return {
    instanceId: instance.instanceId,
    name: instance.name,
    executionId: instance.executionId,
    status: 'PENDING',
    input: instance.input ?? null,
    parentInstanceId: instance.parentInstanceId ?? null,
    parentTaskId: instance.parentTaskId ?? null,
    createdAt: instance.createdAt,
    lastUpdatedAt: instance.createdAt,
    scheduledStartAt: instance.scheduledStartAt ?? null,
  };
}

/** The column changes of a step's InstanceUpdate (undefined fields stay as they are, null clears). */
export function instanceUpdateData(update: InstanceUpdate): Prisma.WorkflowInstanceUpdateManyMutationInput {
  const data: Prisma.WorkflowInstanceUpdateManyMutationInput = {
    status: update.status,
    executionId: update.executionId,
    input: update.input,
    output: update.output,
    customStatus: update.customStatus,
    waitingOn: JSON.stringify(update.waitingOn),
    waitingForEventSince: update.waitingForEventSince,
    lastUpdatedAt: update.lastUpdatedAt,
    completedAt: update.completedAt,
  };
  if (update.failure !== undefined) {
    data.failureType = update.failure?.errorType ?? null;
    data.failureMessage = update.failure?.message ?? null;
    data.failureStack = update.failure?.stackTrace ?? null;
  }
  return data;
}

/** The row of a history event at `sequence`. */
export function historyRow(instanceId: string, sequence: number, event: HistoryEvent): Prisma.HistoryEventCreateManyInput {
  return {
    instanceId,
    sequence,
    eventType: event.kind,
    eventId: eventTaskId(event),
    name: eventName(event) ?? null,
    timestamp: new Date(event.timestamp),
    data: JSON.stringify(event),
  };
}

/** The event of a history row, with its sequence number. */
export function toSequencedEvent(row: { sequence: number; data: string }): SequencedHistoryEvent {
  return { ...(JSON.parse(row.data) as HistoryEvent), sequence: row.sequence };
}

/** The row of an inbox message. */
export function inboxRow(message: NewInboxMessage, createdAt: Date): Prisma.InboxMessageCreateManyInput {
  return {
    instanceId: message.instanceId,
    executionId: message.executionId ?? null,
    event: JSON.stringify(message.event),
    visibleAt: message.visibleAt,
    createdAt,
  };
}

/** The message of an inbox row. */
export function toInboxMessage(row: { id: number; instanceId: string; executionId: string | null; event: string; visibleAt: Date }): InboxMessage {
  return { id: row.id, instanceId: row.instanceId, executionId: optional(row.executionId), event: JSON.parse(row.event), visibleAt: row.visibleAt };
}

/** The row of an activity task to enqueue. */
export function activityTaskRow(task: NewActivityTask, createdAt: Date): Prisma.ActivityTaskCreateManyInput {
  return {
    instanceId: task.instanceId,
    executionId: task.executionId,
    taskId: task.taskId,
    name: task.name,
    input: task.input ?? null,
    attempt: task.attempt,
    visibleAt: task.visibleAt,
    createdAt,
  };
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
  };
}
