// The backlog reads of the SQLite store (metrics, the System page): index-ordered, one row each.
import type { BacklogSnapshot } from '../engine/store';
import { sqliteTime, type StatementCache } from './sqlite-connection';

/** The oldest waiting inbox message (of an unleased instance) and activity task at `now`, and timers due within `horizonMs`. */
export function readSqliteBacklog(s: StatementCache, now: Date, horizonMs: number): BacklogSnapshot {
  const at = sqliteTime(now);
  // CROSS JOIN: the inbox's visibleAt index drives the scan, as in the claim; it stops at the first unleased instance.
  const inbox = s
    .get(
      `SELECT m."visibleAt" AS "at" FROM "InboxMessage" m CROSS JOIN "WorkflowInstance" w ON w."instanceId" = m."instanceId"
       WHERE m."visibleAt" <= @now AND (w."lockedBy" IS NULL OR w."lockExpiresAt" <= @now) ORDER BY m."visibleAt" LIMIT 1`,
    )
    .get({ now: at }) as { at: string } | undefined;
  const task = s
    .get(`SELECT "visibleAt" AS "at" FROM "ActivityTask" WHERE "visibleAt" <= @now AND ("lockedBy" IS NULL OR "lockExpiresAt" <= @now) ORDER BY "visibleAt" LIMIT 1`)
    .get({ now: at }) as { at: string } | undefined;
  const timers = s
    .get('SELECT COUNT(*) AS "n" FROM "InboxMessage" WHERE "visibleAt" > @now AND "visibleAt" <= @until')
    .get({ now: at, until: sqliteTime(new Date(now.getTime() + horizonMs)) }) as { n: number };
  return {
    oldestInboxVisibleAt: inbox ? new Date(inbox.at) : undefined,
    oldestActivityVisibleAt: task ? new Date(task.at) : undefined,
    timersDue: Number(timers.n),
  };
}
