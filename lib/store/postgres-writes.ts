// Writes of the PostgreSQL store as named prepared statements, run inside a write group's transaction
// (postgres-write-batch.ts). Multi-row inserts pass one array per column to unnest(), so that a statement's
// text (and so its prepared plan) does not depend on how many rows it inserts.
import { DuplicateReceiptError, LeaseLostError } from '../engine/errors';
import { eventName, eventTaskId, type HistoryEvent } from '../engine/history-events';
import { limitRefusal, limitsOf, MAX_EXECUTION_EVENTS } from '../engine/limits';
import { isPurgeableStatus, isTerminalStatus, type RuntimeStatus } from '../engine/runtime-status';
import { childRejectedMessage, type ActivityDelivery, type InstanceUpdate, type MessageReceipt, type NewActivityTask, type NewInboxMessage, type NewInstance, type WorkflowStepCommit } from '../engine/store';
import { pgTime, pgTimeOrNull, statement, type Queryable } from './postgres-connection';
import { instanceUpdateColumns } from './instance-update-columns';
import { archiveExecution } from './postgres-execution-archive';
import type { InstanceStatusRow, PurgeOutcome } from './recursive-purge';

/** Numbers the parameters of a statement as it is written. */
class Params {
  readonly values: unknown[] = [];

  /** The placeholder of `value` (with a cast when given). */
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

async function run<R extends Record<string, unknown>>(db: Queryable, text: string, values: unknown[]): Promise<R[]> {
  return (await db.query<R>(statement(text, values))).rows;
}

/** The status of the instance with `instanceId`, if there is one. */
export async function statusOf(db: Queryable, instanceId: string): Promise<RuntimeStatus | undefined> {
  const [row] = await run<{ status: RuntimeStatus }>(db, 'SELECT "status" FROM "WorkflowInstance" WHERE "instanceId" = $1', [instanceId]);
  return row?.status;
}

/** Deletes instances with their history, inbox, activity tasks, logs, closed executions and rerun links. */
export async function deleteInstanceData(db: Queryable, instanceIds: string[]): Promise<void> {
  if (instanceIds.length === 0) return;
  const children = ['HistoryEvent', 'InboxMessage', 'ActivityTask', 'ActivityLog', 'ClosedExecution', 'RerunLink'].map((t, i) => `d${i} AS (DELETE FROM "${t}" WHERE "instanceId" = ANY($1::text[]))`);
  await run(db, `WITH ${children.join(', ')} DELETE FROM "WorkflowInstance" WHERE "instanceId" = ANY($1::text[])`, [instanceIds]);
}

/**
 * Deletes the instances (as deleteInstanceData) when every one that still exists is purgeable; otherwise
 * deletes nothing and returns the first that is not. The rows stay locked until the write group commits,
 * so no instance can come alive between the check and the delete.
 */
export async function deletePurgeableInstances(db: Queryable, instanceIds: readonly string[]): Promise<PurgeOutcome> {
  const rows = await run<InstanceStatusRow & Record<string, unknown>>(
    db,
    'SELECT "instanceId", "status" FROM "WorkflowInstance" WHERE "instanceId" = ANY($1::text[]) ORDER BY "instanceId" FOR UPDATE',
    [instanceIds],
  );
  const blocker = rows.find((r) => !isPurgeableStatus(r.status));
  if (blocker) return { blocker: { instanceId: blocker.instanceId, status: blocker.status } };
  await deleteInstanceData(db, rows.map((r) => r.instanceId));
  return { deleted: rows.length };
}

/** Creates the instance and its start message; with `replacing`, first deletes the (terminal) instance with that ID. */
export async function insertInstance(db: Queryable, instance: NewInstance, replacing: boolean, now: Date): Promise<void> {
  if (replacing) await deleteInstanceData(db, [instance.instanceId]);
  const created = pgTime(instance.createdAt);
  const start = instance.startMessage;
  await run(
    db,
    `WITH i AS (INSERT INTO "WorkflowInstance" ("instanceId", "name", "executionId", "status", "input", "parentInstanceId", "parentTaskId",
       "createdAt", "lastUpdatedAt", "scheduledStartAt", "traceParent", "traceState") VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $7, $8, $14, $15))
     INSERT INTO "InboxMessage" ("instanceId", "executionId", "event", "visibleAt", "createdAt") VALUES ($9, $10, $11, $12, $13)`,
    [
      instance.instanceId,
      instance.name,
      instance.executionId,
      instance.input ?? null,
      instance.parentInstanceId ?? null,
      instance.parentTaskId ?? null,
      created,
      pgTimeOrNull(instance.scheduledStartAt),
      start.instanceId,
      start.executionId ?? null,
      JSON.stringify(start.event),
      pgTime(start.visibleAt),
      pgTime(now),
      instance.trace?.traceParent ?? null,
      instance.trace?.traceState ?? null,
    ],
  );
}

/** `SELECT … FROM unnest(…)` over the messages' columns, keeping those whose instance exists or is `known`. */
function messageRows(p: Params, messages: NewInboxMessage[], known: ReadonlySet<string>, now: Date, from = ''): string {
  const columns = [
    p.add(messages.map((m) => m.instanceId), '::text[]'),
    p.add(messages.map((m) => m.executionId ?? null), '::text[]'),
    p.add(messages.map((m) => JSON.stringify(m.event)), '::text[]'),
    p.add(messages.map((m) => pgTime(m.visibleAt)), '::timestamp[]'),
  ];
  return `SELECT m.i, m.e, m.ev, m.v, ${p.add(pgTime(now))}::timestamp FROM ${from}unnest(${columns.join(', ')}) WITH ORDINALITY AS m(i, e, ev, v, n)
    WHERE m.i = ANY(${p.add([...known], '::text[]')}) OR EXISTS (SELECT 1 FROM "WorkflowInstance" w WHERE w."instanceId" = m.i) ORDER BY m.n`;
}

const INSERT_MESSAGES = 'INSERT INTO "InboxMessage" ("instanceId", "executionId", "event", "visibleAt", "createdAt")';

/** Inserts the messages whose target instance exists (or is in `known`); the others are dropped. */
export async function insertMessages(db: Queryable, messages: NewInboxMessage[], known: ReadonlySet<string>, now: Date): Promise<void> {
  if (messages.length === 0) return;
  const p = new Params();
  await run(db, `${INSERT_MESSAGES} ${messageRows(p, messages, known, now)}`, p.values);
}

/**
 * Puts a caller's `message` in the inbox when its instance's status is in `allowed` (in one statement) and the
 * instance has not reached a limit the message is checked against (lib/engine/limits.ts); returns that status.
 * Throws InstanceLimitError (writing nothing) when the status allows the message but a limit does not. With a
 * receipt, the receipt and the message are written in that one statement, and a key written before throws
 * DuplicateReceiptError (writing nothing).
 */
export async function insertMessageIfStatus(
  db: Queryable,
  message: NewInboxMessage,
  allowed: readonly RuntimeStatus[],
  now: Date,
  receipt?: MessageReceipt,
): Promise<RuntimeStatus | undefined> {
  if (limitsOf(message.event)) {
    const [counts] = await run<{ status: RuntimeStatus; historyLength: number; inbox: number; events: number | null }>(db, COUNT_INSTANCE, [
      message.instanceId,
      MAX_EXECUTION_EVENTS,
    ]);
    if (!counts || !allowed.includes(counts.status)) return counts?.status;
    const refusal = limitRefusal(message.instanceId, message.event, {
      historyLength: counts.historyLength,
      inboxMessages: counts.inbox,
      executionEvents: () => counts.events ?? 0,
    });
    if (refusal) throw refusal;
  }
  const values = [message.instanceId, message.executionId ?? null, JSON.stringify(message.event), pgTime(message.visibleAt), pgTime(now), [...allowed]];
  if (receipt) return insertMessageOnce(db, values, receipt);
  const [row] = await run<{ status: RuntimeStatus }>(
    db,
    `WITH s AS (SELECT "status" FROM "WorkflowInstance" WHERE "instanceId" = $1),
       m AS (${INSERT_MESSAGES} SELECT $1::text, $2::text, $3::text, $4::timestamp, $5::timestamp FROM s WHERE s."status" = ANY($6::text[]))
     SELECT "status" FROM s`,
    values,
  );
  return row?.status;
}

/** insertMessageIfStatus with a receipt: the message goes in only when the receipt's key was not written before. */
async function insertMessageOnce(db: Queryable, values: unknown[], receipt: MessageReceipt): Promise<RuntimeStatus | undefined> {
  const [row] = await run<{ status: RuntimeStatus; sent: number; kept: string | null }>(
    db,
    `WITH s AS (SELECT "status" FROM "WorkflowInstance" WHERE "instanceId" = $1),
       r AS (INSERT INTO "MessageReceipt" ("key", "record", "createdAt") SELECT $7::text, $8::text, $5::timestamp FROM s
         WHERE s."status" = ANY($6::text[]) ON CONFLICT ("key") DO NOTHING RETURNING "key"),
       m AS (${INSERT_MESSAGES} SELECT $1::text, $2::text, $3::text, $4::timestamp, $5::timestamp FROM r)
     SELECT s."status", (SELECT count(*)::int FROM r) AS "sent", (SELECT "record" FROM "MessageReceipt" WHERE "key" = $7) AS "kept" FROM s`,
    [...values, receipt.key, receipt.record],
  );
  if (!row || row.sent > 0 || !(values[5] as RuntimeStatus[]).includes(row.status)) return row?.status;
  // The key was taken: by a committed write (kept), or by one that committed while this statement waited on it.
  const kept = row.kept ?? (await run<{ record: string }>(db, 'SELECT "record" FROM "MessageReceipt" WHERE "key" = $1', [receipt.key]))[0]?.record ?? '';
  throw new DuplicateReceiptError(receipt.key, kept);
}

/**
 * An instance's status, history length and inbox size, and (only when those two reach $2, the execution-event limit)
 * the EventRaised events in its history and inbox: the counts of lib/engine/limits.ts.
 */
const COUNT_INSTANCE = `SELECT w."status", w."historyLength", i."inbox",
    CASE WHEN w."historyLength" + i."inbox" >= $2 THEN
      (SELECT count(*)::int FROM "HistoryEvent" h WHERE h."instanceId" = $1 AND h."eventType" = 'EventRaised')
      + (SELECT count(*)::int FROM "InboxMessage" m WHERE m."instanceId" = $1 AND (m."event"::jsonb ->> 'kind') = 'EventRaised')
    END AS "events"
  FROM "WorkflowInstance" w, LATERAL (SELECT count(*)::int AS "inbox" FROM "InboxMessage" m WHERE m."instanceId" = $1) i
  WHERE w."instanceId" = $1`;

/**
 * Deletes an activity task leased to `workerId` and delivers its result: into `step` when the instance is unleased
 * at the step's expected version, else as a message. Undefined (nothing written) when the task is gone or leased to
 * another worker. Two statements sent together (one round trip): the first deletes the task and takes the instance
 * for a holder name no claim uses (`handover:<workerId>`), or else inserts the message; the second commits the step
 * only for that holder, so it writes nothing unless the first took the instance.
 */
export async function completeTask(db: Queryable, workerId: string, taskRowId: number, result: NewInboxMessage, step: WorkflowStepCommit | undefined, now: Date): Promise<ActivityDelivery | undefined> {
  const intoStep = step !== undefined && step.instanceId === result.instanceId;
  const holder = `handover:${workerId}`;
  const completing = run<{ n: number; taken: number }>(
    db,
    `WITH t AS (DELETE FROM "ActivityTask" WHERE "id" = $1 AND "lockedBy" = $2 RETURNING "instanceId"),
       u AS (UPDATE "WorkflowInstance" w SET "lockedBy" = $10, "lockExpiresAt" = $7::timestamp FROM t
         WHERE $8::boolean AND w."instanceId" = t."instanceId" AND w."version" = $9::int AND (w."lockedBy" IS NULL OR w."lockExpiresAt" <= $7::timestamp)
         RETURNING 1),
       m AS (${INSERT_MESSAGES} SELECT $3::text, $4::text, $5::text, $6::timestamp, $7::timestamp FROM t
         WHERE NOT EXISTS (SELECT 1 FROM u) AND (t."instanceId" = $3 OR EXISTS (SELECT 1 FROM "WorkflowInstance" w WHERE w."instanceId" = $3)))
     SELECT (SELECT count(*)::int FROM t) AS "n", (SELECT count(*)::int FROM u) AS "taken"`,
    [taskRowId, workerId, result.instanceId, result.executionId ?? null, JSON.stringify(result.event), pgTime(result.visibleAt), pgTime(now), intoStep, step?.expectedVersion ?? 0, holder],
  );
  const stepping = intoStep ? writeStepIfHeld(db, holder, step, now) : Promise.resolve(undefined);
  stepping.catch(() => undefined); // awaited below, after the statement queued before it
  const [row] = await completing;
  const taskIds = await stepping;
  if (row.n !== 1) return undefined;
  if (row.taken !== 1 || !taskIds) return { stepped: false };
  return { stepped: true, taskIds };
}

/** `SELECT … FROM unnest(…)` over the history rows of `events`, numbered from the expression `first`. */
function historyRows(p: Params, instanceId: string, first: string, events: HistoryEvent[], from = ''): string {
  const columns = [
    p.add(events.map((e) => e.kind), '::text[]'),
    p.add(events.map((e) => eventTaskId(e)), '::int[]'),
    p.add(events.map((e) => eventName(e) ?? null), '::text[]'),
    p.add(events.map((e) => pgTime(new Date(e.timestamp))), '::timestamp[]'),
    p.add(events.map((e) => JSON.stringify(e)), '::text[]'),
  ];
  return `SELECT ${p.add(instanceId)}::text, (${first} + h.n - 1)::int, h.k, h.eid, h.nm, h.ts, h.d
    FROM ${from}unnest(${columns.join(', ')}) WITH ORDINALITY AS h(k, eid, nm, ts, d, n)`;
}

const INSERT_HISTORY = 'INSERT INTO "HistoryEvent" ("instanceId", "sequence", "eventType", "eventId", "name", "timestamp", "data")';

/** `SELECT … FROM unnest(…)` over the rows of `tasks`. */
function taskRows(p: Params, tasks: NewActivityTask[], now: Date, from = ''): string {
  const columns = [
    p.add(tasks.map((t) => t.instanceId), '::text[]'),
    p.add(tasks.map((t) => t.executionId), '::text[]'),
    p.add(tasks.map((t) => t.taskId), '::int[]'),
    p.add(tasks.map((t) => t.name), '::text[]'),
    p.add(tasks.map((t) => t.input ?? null), '::text[]'),
    p.add(tasks.map((t) => t.attempt), '::int[]'),
    p.add(tasks.map((t) => pgTime(t.visibleAt)), '::timestamp[]'),
    p.add(tasks.map((t) => t.trace?.traceParent ?? null), '::text[]'),
    p.add(tasks.map((t) => t.trace?.traceState ?? null), '::text[]'),
    p.add(tasks.map((t) => t.leasedTo?.workerId ?? null), '::text[]'),
    p.add(tasks.map((t) => pgTimeOrNull(t.leasedTo?.until)), '::timestamp[]'),
  ];
  return `SELECT t.i, t.e, t.tid, t.nm, t.inp, t.att, t.v, ${p.add(pgTime(now))}::timestamp, t.tp, t.ts, t.lb, t.le
    FROM ${from}unnest(${columns.join(', ')}) WITH ORDINALITY AS t(i, e, tid, nm, inp, att, v, tp, ts, lb, le, n) ORDER BY t.n`;
}

const INSERT_TASKS =
  'INSERT INTO "ActivityTask" ("instanceId", "executionId", "taskId", "name", "input", "attempt", "visibleAt", "createdAt", "traceParent", "traceState", "lockedBy", "lockExpiresAt")';

/** The SET assignments of an InstanceUpdate (undefined fields stay as they are, null clears). */
function updateAssignments(p: Params, update: InstanceUpdate): string {
  return instanceUpdateColumns(update, pgTime)
    .map(([column, value]) => `"${column}" = ${p.add(value)}`)
    .join(', ');
}

/**
 * Writes one step: checks the lease and version (while updating the instance row) and that every consumed
 * message still exists, else throws LeaseLostError (the write group undoes whatever the step wrote). A plain
 * step (no history reset, no discarded work, no children: nearly all of them) is one statement. Returns the row
 * IDs of the activity tasks it inserted (serial IDs: ascending is the commit's order).
 */
export async function writeStepCommit(db: Queryable, workerId: string, commit: WorkflowStepCommit, now: Date): Promise<number[]> {
  const taskIds = await writeStepIfHeld(db, workerId, commit, now);
  if (!taskIds) throw new LeaseLostError(`instance '${commit.instanceId}'`);
  return taskIds;
}

/** writeStepCommit, answering undefined (having written nothing) when `holder` does not hold the instance at the step's version. */
async function writeStepIfHeld(db: Queryable, holder: string, commit: WorkflowStepCommit, now: Date): Promise<number[] | undefined> {
  const { instanceId } = commit;
  const added = commit.newEvents.length;
  const consumed = [...new Set(commit.consumedMessageIds)];
  const plain = !commit.resetHistory && !commit.discardPendingWork && commit.children.length === 0;
  const p = new Params();
  const id = p.add(instanceId);
  const length = commit.resetHistory ? p.add(added, '::int') : `"historyLength" + ${p.add(added, '::int')}`;
  const parts = [
    `u AS (UPDATE "WorkflowInstance" SET ${updateAssignments(p, commit.update)}, "historyLength" = ${length}, "version" = "version" + 1,
       "lockedBy" = NULL, "lockExpiresAt" = NULL
     WHERE "instanceId" = ${id} AND "lockedBy" = ${p.add(holder)} AND "version" = ${p.add(commit.expectedVersion)} RETURNING "historyLength")`,
    `c AS (DELETE FROM "InboxMessage" WHERE "instanceId" = ${id} AND "id" = ANY(${p.add(consumed, '::int[]')}) AND EXISTS (SELECT 1 FROM u) RETURNING 1)`,
  ];
  if (plain) {
    parts.push(
      `h AS (${INSERT_HISTORY} ${historyRows(p, instanceId, `u."historyLength" - ${p.add(added, '::int')}`, commit.newEvents, 'u, ')})`,
      `t AS (${INSERT_TASKS} ${taskRows(p, commit.activityTasks, now, 'u, ')} RETURNING "id")`,
      `m AS (${INSERT_MESSAGES} ${messageRows(p, commit.messages, new Set([instanceId]), now, 'u, ')})`,
    );
  }
  const taskIds = plain ? ', (SELECT array_agg("id" ORDER BY "id") FROM t) AS "taskIds"' : '';
  const [row] = await run<{ historyLength: number | null; consumed: number; taskIds?: number[] | null }>(
    db,
    `WITH ${parts.join(',\n')} SELECT (SELECT "historyLength" FROM u) AS "historyLength", (SELECT count(*)::int FROM c) AS "consumed"${taskIds}`,
    p.values,
  );
  if (row.historyLength === null) return undefined;
  if (row.consumed !== consumed.length) throw new LeaseLostError(`instance '${instanceId}' (a consumed message is gone)`);
  return plain ? (row.taskIds ?? []) : writeRestOfStep(db, commit, row.historyLength - added, now);
}

/** Appends `events` to an instance's history, numbered from `firstSequence`. */
export async function insertHistory(db: Queryable, instanceId: string, firstSequence: number, events: HistoryEvent[]): Promise<void> {
  if (events.length === 0) return;
  const p = new Params();
  await run(db, `${INSERT_HISTORY} ${historyRows(p, instanceId, p.add(firstSequence, '::int'), events)}`, p.values);
}

/** Queues activity tasks; returns their row IDs in order. */
export async function insertTasks(db: Queryable, tasks: NewActivityTask[], now: Date): Promise<number[]> {
  if (tasks.length === 0) return [];
  const p = new Params();
  const rows = await run<{ id: number }>(db, `${INSERT_TASKS} ${taskRows(p, tasks, now)} RETURNING "id"`, p.values);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** The writes of a step that resets its history, discards pending work or creates children, in order; returns its task row IDs. */
async function writeRestOfStep(db: Queryable, commit: WorkflowStepCommit, firstSequence: number, now: Date): Promise<number[]> {
  const { instanceId } = commit;
  if (commit.resetHistory) {
    if (commit.archive) await archiveExecution(db, commit.archive);
    // Continue-as-new numbers tasks from 0 again: the old run's log lines would attach to the new run's tasks.
    await run(db, 'WITH h AS (DELETE FROM "HistoryEvent" WHERE "instanceId" = $1) DELETE FROM "ActivityLog" WHERE "instanceId" = $1', [instanceId]);
  }
  await insertHistory(db, instanceId, firstSequence, commit.newEvents);
  if (commit.discardPendingWork) {
    await run(db, 'WITH m AS (DELETE FROM "InboxMessage" WHERE "instanceId" = $1) DELETE FROM "ActivityTask" WHERE "instanceId" = $1', [instanceId]);
  }
  const taskIds = await insertTasks(db, commit.activityTasks, now);
  const messages: NewInboxMessage[] = [];
  for (const child of commit.children) {
    const status = await statusOf(db, child.instanceId);
    if (status && !isTerminalStatus(status)) messages.push(childRejectedMessage(child, status));
    else await insertInstance(db, child, status !== undefined, now);
  }
  messages.push(...commit.messages);
  await insertMessages(db, messages, new Set([instanceId]), now);
  return taskIds;
}
