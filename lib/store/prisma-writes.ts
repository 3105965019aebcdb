// Writes shared by several store operations, in raw SQL, run inside the caller's transaction.
import type { RuntimeStatus } from '../engine/runtime-status';
import type { NewInboxMessage, NewInstance } from '../engine/store';
import { INBOX_COLUMNS, inboxValues, NEW_INSTANCE_COLUMNS, newInstanceValues } from './prisma-rows';
import { insertRows, join, sql, type SqlRunner } from './sql';

/** Deletes instances with their history, inbox, activity tasks and logs. */
export async function deleteInstanceData(db: SqlRunner, instanceIds: string[]): Promise<void> {
  if (instanceIds.length === 0) return;
  const ids = join(instanceIds);
  await db.$executeRaw(sql`DELETE FROM "HistoryEvent" WHERE "instanceId" IN (${ids})`);
  await db.$executeRaw(sql`DELETE FROM "InboxMessage" WHERE "instanceId" IN (${ids})`);
  await db.$executeRaw(sql`DELETE FROM "ActivityTask" WHERE "instanceId" IN (${ids})`);
  await db.$executeRaw(sql`DELETE FROM "ActivityLog" WHERE "instanceId" IN (${ids})`);
  await db.$executeRaw(sql`DELETE FROM "WorkflowInstance" WHERE "instanceId" IN (${ids})`);
}

/** The status of the instance with `instanceId`, if there is one. */
export async function statusOf(db: SqlRunner, instanceId: string): Promise<RuntimeStatus | undefined> {
  const rows = await db.$queryRaw<{ status: RuntimeStatus }[]>(sql`SELECT "status" FROM "WorkflowInstance" WHERE "instanceId" = ${instanceId}`);
  return rows[0]?.status;
}

/** Creates the instance and its start message; with `replacing`, first deletes the (terminal) instance with that ID. */
export async function insertInstance(db: SqlRunner, instance: NewInstance, replacing: boolean, now: Date): Promise<void> {
  if (replacing) await deleteInstanceData(db, [instance.instanceId]);
  await insertRows(db, 'WorkflowInstance', NEW_INSTANCE_COLUMNS, [newInstanceValues(instance)]);
  await insertRows(db, 'InboxMessage', INBOX_COLUMNS, [inboxValues(instance.startMessage, now)]);
}

/** Inserts the messages whose target instance exists (or is in `known`); the others are dropped. */
export async function insertMessages(db: SqlRunner, messages: NewInboxMessage[], known: ReadonlySet<string>, now: Date): Promise<void> {
  if (messages.length === 0) return;
  const unknown = [...new Set(messages.map((m) => m.instanceId).filter((id) => !known.has(id)))];
  const found = unknown.length
    ? await db.$queryRaw<{ instanceId: string }[]>(sql`SELECT "instanceId" FROM "WorkflowInstance" WHERE "instanceId" IN (${join(unknown)})`)
    : [];
  const exists = new Set([...known, ...found.map((r) => r.instanceId)]);
  const rows = messages.filter((m) => exists.has(m.instanceId)).map((m) => inboxValues(m, now));
  await insertRows(db, 'InboxMessage', INBOX_COLUMNS, rows);
}
