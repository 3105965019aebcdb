// Writes of the SQLite store in prepared statements, run synchronously inside a write group's transaction.
import { DuplicateReceiptError, LeaseLostError } from '../engine/errors';
import type { RuntimeStatus } from '../engine/runtime-status';
import { isTerminalStatus } from '../engine/runtime-status';
import { childRejectedMessage, type ActivityDelivery, type InstanceUpdate, type MessageReceipt, type NewActivityTask, type NewInboxMessage, type NewInstance, type WorkflowStepCommit } from '../engine/store';
import { eventName, eventTaskId } from '../engine/history-events';
import { limitRefusal, limitsOf } from '../engine/limits';
import { sqliteTime, sqliteTimeOrNull, type StatementCache } from './sqlite-connection';
import { instanceUpdateColumns } from './instance-update-columns';
import { archiveExecution } from './sqlite-execution-archive';

/** The status of the instance with `instanceId`, if there is one. */
export function statusOf(s: StatementCache, instanceId: string): RuntimeStatus | undefined {
  const row = s.get('SELECT "status" FROM "WorkflowInstance" WHERE "instanceId" = ?').get(instanceId) as { status: RuntimeStatus } | undefined;
  return row?.status;
}

/** Deletes instances with their history, inbox, activity tasks, logs, closed executions and rerun links. */
export function deleteInstanceData(s: StatementCache, instanceIds: string[]): void {
  for (const table of ['HistoryEvent', 'InboxMessage', 'ActivityTask', 'ActivityLog', 'ClosedExecution', 'RerunLink', 'WorkflowInstance']) {
    const statement = s.get(`DELETE FROM "${table}" WHERE "instanceId" = ?`);
    for (const id of instanceIds) statement.run(id);
  }
}

/** Creates the instance and its start message; with `replacing`, first deletes the (terminal) instance with that ID. */
export function insertInstance(s: StatementCache, instance: NewInstance, replacing: boolean, now: Date): void {
  if (replacing) deleteInstanceData(s, [instance.instanceId]);
  const created = sqliteTime(instance.createdAt);
  s.get(
    `INSERT INTO "WorkflowInstance" ("instanceId", "name", "executionId", "status", "input", "parentInstanceId", "parentTaskId",
      "createdAt", "lastUpdatedAt", "scheduledStartAt", "traceParent", "traceState") VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    instance.instanceId,
    instance.name,
    instance.executionId,
    instance.input ?? null,
    instance.parentInstanceId ?? null,
    instance.parentTaskId ?? null,
    created,
    created,
    sqliteTimeOrNull(instance.scheduledStartAt),
    instance.trace?.traceParent ?? null,
    instance.trace?.traceState ?? null,
  );
  insertInboxRow(s, instance.startMessage, now);
}

/**
 * Inserts a message a caller sends to an existing instance (sendMessage), unless the instance has reached a limit
 * the message is checked against (lib/engine/limits.ts): then throws InstanceLimitError and writes nothing. With a
 * receipt whose key is already written, throws DuplicateReceiptError and writes nothing.
 */
export function insertMessage(s: StatementCache, message: NewInboxMessage, now: Date, receipt?: MessageReceipt): void {
  if (limitsOf(message.event)) {
    const { instanceId } = message;
    const row = s.get(COUNT_INSTANCE).get(instanceId, instanceId) as { historyLength: number; inbox: number };
    const refusal = limitRefusal(instanceId, message.event, {
      historyLength: row.historyLength,
      inboxMessages: row.inbox,
      executionEvents: () => (s.get(COUNT_EXECUTION_EVENTS).get(instanceId, instanceId) as { events: number }).events,
    });
    if (refusal) throw refusal;
  }
  if (receipt) insertReceipt(s, receipt, now);
  insertInboxRow(s, message, now);
}

/** Writes a message's receipt; throws DuplicateReceiptError (writing nothing) when its key is written already. */
function insertReceipt(s: StatementCache, receipt: MessageReceipt, now: Date): void {
  const written = s.get('INSERT INTO "MessageReceipt" ("key", "record", "createdAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO NOTHING').run(receipt.key, receipt.record, sqliteTime(now));
  if (written.changes > 0) return;
  const kept = s.get('SELECT "record" FROM "MessageReceipt" WHERE "key" = ?').get(receipt.key) as { record: string };
  throw new DuplicateReceiptError(receipt.key, kept.record);
}

/** An instance's history length and inbox size. */
const COUNT_INSTANCE = 'SELECT "historyLength", (SELECT count(*) FROM "InboxMessage" WHERE "instanceId" = ?) AS "inbox" FROM "WorkflowInstance" WHERE "instanceId" = ?';

/** The EventRaised events in an instance's history (its current execution) and inbox. */
const COUNT_EXECUTION_EVENTS = `SELECT (SELECT count(*) FROM "HistoryEvent" WHERE "instanceId" = ? AND "eventType" = 'EventRaised')
  + (SELECT count(*) FROM "InboxMessage" WHERE "instanceId" = ? AND json_extract("event", '$.kind') = 'EventRaised') AS "events"`;

/** Inserts one inbox message. */
function insertInboxRow(s: StatementCache, message: NewInboxMessage, now: Date): void {
  s.get('INSERT INTO "InboxMessage" ("instanceId", "executionId", "event", "visibleAt", "createdAt") VALUES (?, ?, ?, ?, ?)').run(
    message.instanceId,
    message.executionId ?? null,
    JSON.stringify(message.event),
    sqliteTime(message.visibleAt),
    sqliteTime(now),
  );
}

/** Inserts the messages whose target instance exists (or is in `known`); the others are dropped. */
export function insertMessages(s: StatementCache, messages: NewInboxMessage[], known: ReadonlySet<string>, now: Date): void {
  const exists = new Map<string, boolean>();
  for (const message of messages) {
    const id = message.instanceId;
    if (!exists.has(id)) exists.set(id, known.has(id) || statusOf(s, id) !== undefined);
    if (exists.get(id)) insertInboxRow(s, message, now);
  }
}

/** Queues one activity task (leased at once when it says so); returns its row ID. */
export function insertTask(s: StatementCache, task: NewActivityTask, now: Date): number {
  const inserted = s
    .get(
      `INSERT INTO "ActivityTask" ("instanceId", "executionId", "taskId", "name", "input", "attempt", "visibleAt", "createdAt", "traceParent", "traceState", "lockedBy", "lockExpiresAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      task.instanceId,
      task.executionId,
      task.taskId,
      task.name,
      task.input ?? null,
      task.attempt,
      sqliteTime(task.visibleAt),
      sqliteTime(now),
      task.trace?.traceParent ?? null,
      task.trace?.traceState ?? null,
      task.leasedTo?.workerId ?? null,
      sqliteTimeOrNull(task.leasedTo?.until),
    );
  return Number(inserted.lastInsertRowid);
}

/** The columns an InstanceUpdate sets (undefined fields stay as they are, null clears) and their values. */
function updateAssignments(update: InstanceUpdate): { columns: string[]; values: unknown[] } {
  const set = instanceUpdateColumns(update, sqliteTime);
  return { columns: set.map(([column]) => column), values: set.map(([, value]) => value) };
}

/**
 * Writes one step: checks the lease and version (while updating the instance row) and that every consumed
 * message still exists, else throws LeaseLostError (the caller's savepoint then undoes what was written).
 * Returns the row IDs of the activity tasks it inserted.
 */
export function writeStepCommit(s: StatementCache, workerId: string, commit: WorkflowStepCommit, now: Date): number[] {
  const { instanceId } = commit;
  const added = commit.newEvents.length;
  const { columns, values } = updateAssignments(commit.update);
  const sets = columns.map((c) => `"${c}" = ?`).join(', ');
  const length = commit.resetHistory ? '?' : '"historyLength" + ?';
  const row = s
    .get(
      `UPDATE "WorkflowInstance" SET ${sets}, "historyLength" = ${length}, "version" = "version" + 1, "lockedBy" = NULL, "lockExpiresAt" = NULL
       WHERE "instanceId" = ? AND "lockedBy" = ? AND "version" = ? RETURNING "historyLength"`,
    )
    .get(...values, added, instanceId, workerId, commit.expectedVersion) as { historyLength: number } | undefined;
  if (!row) throw new LeaseLostError(`instance '${instanceId}'`);

  const consume = s.get('DELETE FROM "InboxMessage" WHERE "id" = ? AND "instanceId" = ?');
  for (const id of new Set(commit.consumedMessageIds)) {
    if (consume.run(id, instanceId).changes !== 1) throw new LeaseLostError(`instance '${instanceId}' (a consumed message is gone)`);
  }

  if (commit.resetHistory) {
    if (commit.archive) archiveExecution(s, commit.archive);
    // Continue-as-new numbers tasks from 0 again: the old run's log lines would attach to the new run's tasks.
    s.get('DELETE FROM "HistoryEvent" WHERE "instanceId" = ?').run(instanceId);
    s.get('DELETE FROM "ActivityLog" WHERE "instanceId" = ?').run(instanceId);
  }
  const history = s.get('INSERT INTO "HistoryEvent" ("instanceId", "sequence", "eventType", "eventId", "name", "timestamp", "data") VALUES (?, ?, ?, ?, ?, ?, ?)');
  let sequence = row.historyLength - added;
  for (const event of commit.newEvents) {
    history.run(instanceId, sequence++, event.kind, eventTaskId(event), eventName(event) ?? null, sqliteTime(new Date(event.timestamp)), JSON.stringify(event));
  }

  if (commit.discardPendingWork) {
    s.get('DELETE FROM "InboxMessage" WHERE "instanceId" = ?').run(instanceId);
    s.get('DELETE FROM "ActivityTask" WHERE "instanceId" = ?').run(instanceId);
  }
  const taskIds = commit.activityTasks.map((task) => insertTask(s, task, now));

  const messages: NewInboxMessage[] = [];
  for (const child of commit.children) {
    const status = statusOf(s, child.instanceId);
    if (status && !isTerminalStatus(status)) messages.push(childRejectedMessage(child, status));
    else insertInstance(s, child, status !== undefined, now);
  }
  messages.push(...commit.messages);
  insertMessages(s, messages, new Set([instanceId]), now);
  return taskIds;
}

/**
 * Completes a task leased to `workerId` (else throws LeaseLostError): into `step` when the instance is unleased at
 * its expected version (leased to `workerId` for the step's own lease check), else as `result` in the inbox.
 */
export function completeTask(s: StatementCache, workerId: string, taskRowId: number, result: NewInboxMessage, step: WorkflowStepCommit | undefined, now: Date): ActivityDelivery {
  const task = s.get('DELETE FROM "ActivityTask" WHERE "id" = ? AND "lockedBy" = ? RETURNING "instanceId"').get(taskRowId, workerId) as { instanceId: string } | undefined;
  if (!task) throw new LeaseLostError(`activity task ${taskRowId}`);
  if (step && step.instanceId === task.instanceId) {
    const at = sqliteTime(now);
    const taken = s
      .get('UPDATE "WorkflowInstance" SET "lockedBy" = ?, "lockExpiresAt" = ? WHERE "instanceId" = ? AND "version" = ? AND ("lockedBy" IS NULL OR "lockExpiresAt" <= ?)')
      .run(workerId, at, step.instanceId, step.expectedVersion, at);
    if (taken.changes === 1) return { stepped: true, taskIds: writeStepCommit(s, workerId, step, now) };
  }
  // A task row lives only as long as its instance (purge and replacement delete both together).
  insertMessages(s, [result], new Set([task.instanceId]), now);
  return { stepped: false };
}
