// The PostgreSQL store's recovery reads and writes (lib/engine/recovery-store.ts): closed executions (kept by
// postgres-execution-archive.ts inside a continue-as-new's step) and rerun instances created with their history prefix.
import { InstanceAlreadyExistsError } from '../engine/errors';
import type { SequencedHistoryEvent } from '../engine/history-events';
import {
  MAX_RERUNS_LISTED,
  parseArchivedHistory,
  rerunInstanceUpdate,
  type ClosedExecutionRecord,
  type NewRerunInstance,
  type RerunLinkRecord,
  type RerunLinks,
} from '../engine/recovery-store';
import { isTerminalStatus } from '../engine/runtime-status';
import { childRejectedMessage, type NewInboxMessage } from '../engine/store';
import { instanceUpdateColumns } from './instance-update-columns';
import { pgTime, statement, type Queryable } from './postgres-connection';
import { insertHistory, insertInstance, insertMessages, insertTasks, statusOf } from './postgres-writes';

type ClosedRow = Omit<ClosedExecutionRecord, 'input' | 'output'> & { input: string | null; output: string | null };

const CLOSED_COLUMNS = '"instanceId", "index", "executionId", "name", "status", "input", "output", "startedAt", "closedAt", "historyLength"';

/** The instance's kept closed executions, oldest first. */
export async function selectClosedExecutions(db: Queryable, instanceId: string): Promise<ClosedExecutionRecord[]> {
  const { rows } = await db.query<ClosedRow>(statement(`SELECT ${CLOSED_COLUMNS} FROM "ClosedExecution" WHERE "instanceId" = $1 ORDER BY "index"`, [instanceId]));
  return rows.map((r) => ({ ...r, input: r.input ?? undefined, output: r.output ?? undefined }));
}

/** The history of one kept closed execution, or undefined. */
export async function selectClosedHistory(db: Queryable, instanceId: string, executionId: string): Promise<SequencedHistoryEvent[] | undefined> {
  const { rows } = await db.query<{ history: string }>(
    statement('SELECT "history" FROM "ClosedExecution" WHERE "instanceId" = $1 AND "executionId" = $2', [instanceId, executionId]),
  );
  return rows[0] ? parseArchivedHistory(rows[0].history) : undefined;
}

/** Creates a rerun instance, its history, re-issued work and link; throws InstanceAlreadyExistsError when the ID is taken. */
export async function insertRerun(db: Queryable, rerun: NewRerunInstance, now: Date): Promise<void> {
  const { instance } = rerun;
  const existing = await statusOf(db, instance.instanceId);
  if (existing) throw new InstanceAlreadyExistsError(instance.instanceId, existing);
  const created = pgTime(instance.createdAt);
  await db.query(
    statement(
      `INSERT INTO "WorkflowInstance" ("instanceId", "name", "executionId", "status", "input", "createdAt", "lastUpdatedAt", "historyLength")
       VALUES ($1, $2, $3, 'RUNNING', $4, $5::timestamp, $5::timestamp, $6)`,
      [instance.instanceId, instance.name, instance.executionId, instance.input ?? null, created, rerun.history.length],
    ),
  );
  const set = instanceUpdateColumns(rerunInstanceUpdate(rerun), pgTime);
  const assignments = set.map(([column], i) => `"${column}" = $${i + 2}`).join(', ');
  await db.query(statement(`UPDATE "WorkflowInstance" SET ${assignments} WHERE "instanceId" = $1`, [instance.instanceId, ...set.map(([, value]) => value)]));
  await insertHistory(db, instance.instanceId, 0, rerun.history);
  await insertTasks(db, rerun.activityTasks, now);
  const messages: NewInboxMessage[] = [];
  for (const child of rerun.children) {
    const status = await statusOf(db, child.instanceId);
    if (status && !isTerminalStatus(status)) messages.push(childRejectedMessage(child, status));
    else await insertInstance(db, child, status !== undefined, now);
  }
  await insertMessages(db, [...rerun.messages, ...messages], new Set([instance.instanceId]), now);
  const { link } = rerun;
  await db.query(
    statement('INSERT INTO "RerunLink" ("instanceId", "sourceInstanceId", "sourceExecutionId", "fromEventId", "createdAt") VALUES ($1, $2, $3, $4, $5::timestamp)', [
      link.instanceId,
      link.sourceInstanceId,
      link.sourceExecutionId,
      link.fromEventId,
      pgTime(link.createdAt),
    ]),
  );
}

/** Where the instance was rerun from, and its reruns (oldest first, at most MAX_RERUNS_LISTED). */
export async function selectRerunLinks(db: Queryable, instanceId: string): Promise<RerunLinks> {
  const columns = '"instanceId", "sourceInstanceId", "sourceExecutionId", "fromEventId", "createdAt"';
  const [source, reruns] = await Promise.all([
    db.query<RerunLinkRecord>(statement(`SELECT ${columns} FROM "RerunLink" WHERE "instanceId" = $1`, [instanceId])),
    db.query<RerunLinkRecord>(
      statement(`SELECT ${columns} FROM "RerunLink" WHERE "sourceInstanceId" = $1 ORDER BY "createdAt", "instanceId" LIMIT $2`, [instanceId, MAX_RERUNS_LISTED]),
    ),
  ]);
  return { ...(source.rows[0] ? { source: source.rows[0] } : {}), reruns: reruns.rows };
}
