// Lease claims in raw SQL: one conditional UPDATE ... RETURNING per claim, safe between processes.
// On PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED, so concurrent claimers neither wait nor deadlock;
// on SQLite (one writer at a time) the UPDATE's own WHERE re-checks the lease.
import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import { Prisma } from '../db/generated/sqlite/client';
import type { ActivityTaskRow, InstanceRow } from './prisma-rows';

/** How many inbox rows are scanned per instance wanted (several messages may belong to one instance). */
const CANDIDATE_ROWS_PER_INSTANCE = 4;

const unlocked = (now: Date) => Prisma.sql`("lockedBy" IS NULL OR "lockExpiresAt" <= ${now})`;

/**
 * Leases up to `limit` unleased instances with visible inbox messages (oldest message first) and returns
 * their rows. Instances another claimer took in the meantime are left out.
 */
export async function claimInstanceRows(db: DbClient, dialect: Dialect, workerId: string, limit: number, leaseMs: number, now: Date): Promise<InstanceRow[]> {
  // SQLite: CROSS JOIN makes the inbox's visibleAt index drive the scan (not every instance row).
  const join = dialect === 'sqlite' ? Prisma.sql`CROSS JOIN` : Prisma.sql`JOIN`;
  const candidates = await db.$queryRaw<{ instanceId: string }[]>`
    SELECT m."instanceId" AS "instanceId" FROM "InboxMessage" m ${join} "WorkflowInstance" w ON w."instanceId" = m."instanceId"
    WHERE m."visibleAt" <= ${now} AND (w."lockedBy" IS NULL OR w."lockExpiresAt" <= ${now})
    ORDER BY m."visibleAt", m."id" LIMIT ${limit * CANDIDATE_ROWS_PER_INSTANCE}`;
  const ids = [...new Set(candidates.map((c) => c.instanceId))].slice(0, limit);
  if (ids.length === 0) return [];
  const picked =
    dialect === 'postgresql'
      ? Prisma.sql`SELECT "instanceId" FROM "WorkflowInstance" WHERE "instanceId" IN (${Prisma.join(ids)}) AND ${unlocked(now)} FOR UPDATE SKIP LOCKED`
      : Prisma.join(ids);
  return db.$queryRaw<InstanceRow[]>`
    UPDATE "WorkflowInstance" SET "lockedBy" = ${workerId}, "lockExpiresAt" = ${new Date(now.getTime() + leaseMs)}
    WHERE "instanceId" IN (${picked}) AND ${unlocked(now)}
    RETURNING "instanceId", "name", "executionId", "status", "input", "output", "customStatus", "failureType", "failureMessage",
      "failureStack", "parentInstanceId", "parentTaskId", "waitingOn", "waitingForEventSince", "createdAt", "lastUpdatedAt",
      "completedAt", "scheduledStartAt", "historyLength", "version"`;
}

/** Leases up to `limit` visible, unleased activity tasks (oldest first) and returns their rows. */
export async function claimActivityTaskRows(db: DbClient, dialect: Dialect, workerId: string, limit: number, leaseMs: number, now: Date): Promise<ActivityTaskRow[]> {
  const skipLocked = dialect === 'postgresql' ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  const rows = await db.$queryRaw<ActivityTaskRow[]>`
    UPDATE "ActivityTask" SET "lockedBy" = ${workerId}, "lockExpiresAt" = ${new Date(now.getTime() + leaseMs)}
    WHERE "id" IN (
      SELECT "id" FROM "ActivityTask" WHERE "visibleAt" <= ${now} AND ${unlocked(now)}
      ORDER BY "visibleAt", "id" LIMIT ${limit} ${skipLocked}
    ) AND ${unlocked(now)}
    RETURNING "id", "instanceId", "executionId", "taskId", "name", "input", "attempt"`;
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Extends the leases `workerId` still holds among `taskIds`; returns those IDs. */
export async function renewActivityTaskLeases(db: DbClient, workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]> {
  if (taskIds.length === 0) return [];
  const rows = await db.$queryRaw<{ id: number | bigint }[]>`
    UPDATE "ActivityTask" SET "lockExpiresAt" = ${new Date(now.getTime() + leaseMs)}
    WHERE "id" IN (${Prisma.join(taskIds)}) AND "lockedBy" = ${workerId}
    RETURNING "id"`;
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
