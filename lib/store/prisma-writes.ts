// The purge's delete, in raw SQL, run inside the caller's transaction.
import { join, sql, type SqlRunner } from './sql';

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
