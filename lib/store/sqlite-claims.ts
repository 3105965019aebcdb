// Lease claims of the SQLite store in prepared statements, run inside a write group's transaction (SQLite has
// one writer at a time, so the UPDATE's own WHERE re-checking the lease is enough between processes).
import type { ActivityTaskRecord, NameFilter, WorkflowWorkItem } from '../engine/store';
import { INSTANCE_COLUMN_LIST, toActivityTask, toInboxMessage, toInstanceRecord, type ActivityTaskRow, type InboxRow, type InstanceRow } from './row-mapping';
import { sqliteTime, type StatementCache } from './sqlite-connection';
import { nameFilterList } from './name-filter';

/** How many inbox rows are scanned per instance wanted (several messages may belong to one instance). */
const CANDIDATE_ROWS_PER_INSTANCE = 4;

const UNLOCKED = '("lockedBy" IS NULL OR "lockExpiresAt" <= @now)';

/** The condition that `column` passes `filter`; empty without a filter (the unfiltered statement). */
function nameCondition(column: string, filter: NameFilter | undefined): { sql: string; params: Record<string, string> } {
  if (!filter) return { sql: '', params: {} };
  const { only, names } = nameFilterList(filter);
  return listCondition(column, only, names);
}

/**
 * The names as one bound parameter each (`IN (@n0, @n1, ...)`): SQLite evaluates a literal list per claim far
 * faster than a json_each subquery (a 10-step workflow's p50 went from 13.9 to 12.6 ms, unfiltered 12.4-12.9).
 * The statement text depends only on the list's length; each list's condition is built once (lists are
 * stable arrays: the registry keeps its name lists until a registration changes them).
 */
const conditions = new WeakMap<readonly string[], Map<string, { sql: string; params: Record<string, string> }>>();

function listCondition(column: string, only: boolean, names: readonly string[]): { sql: string; params: Record<string, string> } {
  let byColumn = conditions.get(names);
  if (!byColumn) conditions.set(names, (byColumn = new Map()));
  const key = `${only}:${column}`;
  let condition = byColumn.get(key);
  if (!condition) {
    const params = Object.fromEntries(names.map((name, i) => [`n${i}`, name]));
    const list = names.map((_, i) => `@n${i}`).join(', ');
    condition = names.length === 0 ? { sql: only ? ' AND 0' : '', params: {} } : { sql: ` AND ${column} ${only ? 'IN' : 'NOT IN'} (${list})`, params };
    byColumn.set(key, condition);
  }
  return condition;
}

/**
 * Leases up to `limit` unleased instances with visible inbox messages (oldest message first) and returns
 * them with their visible messages in arrival order.
 */
export function claimWorkItems(s: StatementCache, workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): WorkflowWorkItem[] {
  const at = sqliteTime(now);
  const names = nameCondition('w."name"', filter);
  // CROSS JOIN makes the inbox's visibleAt index drive the scan (not every instance row).
  const candidates = s
    .get(
      `SELECT m."instanceId" AS "instanceId" FROM "InboxMessage" m CROSS JOIN "WorkflowInstance" w ON w."instanceId" = m."instanceId"
       WHERE m."visibleAt" <= @now AND (w."lockedBy" IS NULL OR w."lockExpiresAt" <= @now)${names.sql}
       ORDER BY m."visibleAt", m."id" LIMIT @scan`,
    )
    .all({ now: at, scan: limit * CANDIDATE_ROWS_PER_INSTANCE, ...names.params }) as { instanceId: string }[];
  const ids = [...new Set(candidates.map((c) => c.instanceId))].slice(0, limit);
  if (ids.length === 0) return [];
  const claim = s.get(
    `UPDATE "WorkflowInstance" SET "lockedBy" = @worker, "lockExpiresAt" = @until
     WHERE "instanceId" = @id AND ${UNLOCKED}
       AND EXISTS (SELECT 1 FROM "InboxMessage" m WHERE m."instanceId" = @id AND m."visibleAt" <= @now)
     RETURNING ${INSTANCE_COLUMN_LIST}`,
  );
  const messages = s.get(
    `SELECT "id", "instanceId", "executionId", "event", "visibleAt" FROM "InboxMessage" WHERE "instanceId" = ? AND "visibleAt" <= ? ORDER BY "id"`,
  );
  const until = sqliteTime(new Date(now.getTime() + leaseMs));
  const items: WorkflowWorkItem[] = [];
  for (const id of ids) {
    const row = claim.get({ worker: workerId, until, id, now: at }) as InstanceRow | undefined;
    if (!row) continue;
    items.push({ instance: toInstanceRecord(row), messages: (messages.all(id, at) as InboxRow[]).map(toInboxMessage) });
  }
  return items;
}

/** Leases up to `limit` visible, unleased activity tasks (oldest first). */
export function claimTasks(s: StatementCache, workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): ActivityTaskRecord[] {
  const names = nameCondition('"name"', filter);
  const rows = s
    .get(
      `UPDATE "ActivityTask" SET "lockedBy" = @worker, "lockExpiresAt" = @until
       WHERE "id" IN (SELECT "id" FROM "ActivityTask" WHERE "visibleAt" <= @now AND ${UNLOCKED}${names.sql} ORDER BY "visibleAt", "id" LIMIT @limit)
       RETURNING "id", "instanceId", "executionId", "taskId", "name", "input", "attempt", "visibleAt", "traceParent", "traceState"`,
    )
    .all({ worker: workerId, until: sqliteTime(new Date(now.getTime() + leaseMs)), now: sqliteTime(now), limit, ...names.params }) as ActivityTaskRow[];
  return rows.map(toActivityTask).sort((a, b) => a.id - b.id);
}

/** Extends the workflow leases `workerId` still holds among `instanceIds`; returns those IDs in the order given. */
export function renewInstanceLeases(s: StatementCache, workerId: string, instanceIds: string[], leaseMs: number, now: Date): string[] {
  const renew = s.get('UPDATE "WorkflowInstance" SET "lockExpiresAt" = ? WHERE "instanceId" = ? AND "lockedBy" = ?');
  const until = sqliteTime(new Date(now.getTime() + leaseMs));
  return [...new Set(instanceIds)].filter((id) => renew.run(until, id, workerId).changes === 1);
}

/** Extends the leases `workerId` still holds among `taskIds`; returns those IDs. */
export function renewTaskLeases(s: StatementCache, workerId: string, taskIds: number[], leaseMs: number, now: Date): number[] {
  const renew = s.get('UPDATE "ActivityTask" SET "lockExpiresAt" = ? WHERE "id" = ? AND "lockedBy" = ?');
  const until = sqliteTime(new Date(now.getTime() + leaseMs));
  return [...new Set(taskIds)].filter((id) => renew.run(until, id, workerId).changes === 1).sort((a, b) => a - b);
}
