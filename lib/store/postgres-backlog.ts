// The backlog read of the PostgreSQL store (metrics, the System page): one statement of index-ordered subqueries.
import type pg from 'pg';
import type { BacklogSnapshot } from '../engine/store';
import { pgTime, statement } from './postgres-connection';

/** The oldest waiting inbox message (of an unleased instance) and activity task at `now`, and timers due within `horizonMs`. */
export async function readPostgresBacklog(pool: pg.Pool, now: Date, horizonMs: number): Promise<BacklogSnapshot> {
  const { rows } = await pool.query<{ inbox: Date | null; task: Date | null; timers: string }>(
    statement(
      `SELECT
         (SELECT m."visibleAt" FROM "InboxMessage" m JOIN "WorkflowInstance" w ON w."instanceId" = m."instanceId"
          WHERE m."visibleAt" <= $1 AND (w."lockedBy" IS NULL OR w."lockExpiresAt" <= $1) ORDER BY m."visibleAt" LIMIT 1) AS "inbox",
         (SELECT "visibleAt" FROM "ActivityTask" WHERE "visibleAt" <= $1 AND ("lockedBy" IS NULL OR "lockExpiresAt" <= $1)
          ORDER BY "visibleAt" LIMIT 1) AS "task",
         (SELECT COUNT(*) FROM "InboxMessage" WHERE "visibleAt" > $1 AND "visibleAt" <= $2) AS "timers"`,
      [pgTime(now), pgTime(new Date(now.getTime() + horizonMs))],
    ),
  );
  const row = rows[0];
  return { oldestInboxVisibleAt: row.inbox ?? undefined, oldestActivityVisibleAt: row.task ?? undefined, timersDue: Number(row.timers) };
}
