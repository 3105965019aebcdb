// Lease claims in raw SQL: one conditional UPDATE ... RETURNING per claim, safe between processes.
// On PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED, so concurrent claimers neither wait nor deadlock;
// on SQLite (one writer at a time) the UPDATE's own WHERE re-checks the lease.
import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import { INSTANCE_COLUMNS, type ActivityTaskRow, type InboxRow, type InstanceRow } from './prisma-rows';
import { join, sql, type Sql } from './sql';

/** How many inbox rows are scanned per instance wanted (several messages may belong to one instance). */
const CANDIDATE_ROWS_PER_INSTANCE = 4;

const unlocked = (now: Date): Sql => sql`("lockedBy" IS NULL OR "lockExpiresAt" <= ${now})`;

/**
 * Leases up to `limit` unleased instances with visible inbox messages (oldest message first) and returns
 * their rows. Instances another claimer took (or took and committed) in the meantime are left out: the
 * UPDATE itself re-checks the lease and that a visible message is still there.
 */
export async function claimInstanceRows(db: DbClient, dialect: Dialect, workerId: string, limit: number, leaseMs: number, now: Date): Promise<InstanceRow[]> {
  // SQLite: CROSS JOIN makes the inbox's visibleAt index drive the scan (not every instance row).
  const joinKind = dialect === 'sqlite' ? sql`CROSS JOIN` : sql`JOIN`;
  const candidates = await db.$queryRaw<{ instanceId: string }[]>`
    SELECT m."instanceId" AS "instanceId" FROM "InboxMessage" m ${joinKind} "WorkflowInstance" w ON w."instanceId" = m."instanceId"
    WHERE m."visibleAt" <= ${now} AND (w."lockedBy" IS NULL OR w."lockExpiresAt" <= ${now})
    ORDER BY m."visibleAt", m."id" LIMIT ${limit * CANDIDATE_ROWS_PER_INSTANCE}`;
  const ids = [...new Set(candidates.map((c) => c.instanceId))].slice(0, limit);
  if (ids.length === 0) return [];
  const picked =
    dialect === 'postgresql'
      ? sql`SELECT "instanceId" FROM "WorkflowInstance" WHERE "instanceId" IN (${join(ids)}) AND ${unlocked(now)} FOR UPDATE SKIP LOCKED`
      : join(ids);
  return db.$queryRaw<InstanceRow[]>`
    UPDATE "WorkflowInstance" SET "lockedBy" = ${workerId}, "lockExpiresAt" = ${new Date(now.getTime() + leaseMs)}
    WHERE "instanceId" IN (${picked}) AND ${unlocked(now)}
      AND EXISTS (SELECT 1 FROM "InboxMessage" m WHERE m."instanceId" = "WorkflowInstance"."instanceId" AND m."visibleAt" <= ${now})
    RETURNING ${INSTANCE_COLUMNS}`;
}

/** The inbox messages of `instanceIds` visible at `now`, in the order they arrived. */
export function visibleMessageRows(db: DbClient, instanceIds: string[], now: Date): Promise<InboxRow[]> {
  return db.$queryRaw<InboxRow[]>`
    SELECT "id", "instanceId", "executionId", "event", "visibleAt" FROM "InboxMessage"
    WHERE "instanceId" IN (${join(instanceIds)}) AND "visibleAt" <= ${now} ORDER BY "id"`;
}

/** Leases up to `limit` visible, unleased activity tasks (oldest first) and returns their rows. */
export async function claimActivityTaskRows(db: DbClient, dialect: Dialect, workerId: string, limit: number, leaseMs: number, now: Date): Promise<ActivityTaskRow[]> {
  const skipLocked = dialect === 'postgresql' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
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
    WHERE "id" IN (${join(taskIds)}) AND "lockedBy" = ${workerId}
    RETURNING "id"`;
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
