// Lease claims of the PostgreSQL store: each claim is one conditional UPDATE ... RETURNING whose rows are
// picked FOR UPDATE SKIP LOCKED, so concurrent claimers (in this process or others) neither wait nor deadlock,
// and the UPDATE re-checks the lease on the row's latest version.
import type { ActivityTaskRecord, NameFilter, WorkflowWorkItem } from '../engine/store';
import { INSTANCE_COLUMN_LIST, toActivityTask, toInboxMessage, toInstanceRecord, type ActivityTaskRow, type InboxRow, type InstanceRow } from './row-mapping';
import { pgTime, statement, type Queryable } from './postgres-connection';
import { nameFilterList } from './name-filter';

/** How many inbox rows are scanned per instance wanted (several messages may belong to one instance). */
const CANDIDATE_ROWS_PER_INSTANCE = 4;

const UNLOCKED = '(w."lockedBy" IS NULL OR w."lockExpiresAt" <= $1)';

/**
 * The condition that `column` passes `filter`, with the names as the one array parameter `$n`, and that
 * parameter's value; empty without a filter (the unfiltered statement).
 */
function nameCondition(column: string, n: number, filter: NameFilter | undefined): { sql: string; params: (readonly string[])[] } {
  if (!filter) return { sql: '', params: [] };
  const { only, names } = nameFilterList(filter);
  return { sql: ` AND ${only ? '' : 'NOT '}${column} = ANY($${n}::text[])`, params: [names] };
}

/** The claim of instances, with `names` (a nameCondition on w."name") added to the candidates' scan. */
const claimInstances = (names: string) => `
  WITH c AS (
    SELECT m."instanceId", m."visibleAt", m."id" FROM "InboxMessage" m JOIN "WorkflowInstance" w ON w."instanceId" = m."instanceId"
    WHERE m."visibleAt" <= $1 AND ${UNLOCKED}${names} ORDER BY m."visibleAt", m."id" LIMIT $2
  ), ids AS (
    SELECT "instanceId", min("visibleAt") AS "v", min("id") AS "i" FROM c GROUP BY "instanceId" ORDER BY "v", "i" LIMIT $3
  ), picked AS (
    SELECT w."instanceId" FROM "WorkflowInstance" w JOIN ids ON ids."instanceId" = w."instanceId" WHERE ${UNLOCKED} FOR UPDATE OF w SKIP LOCKED
  )
  UPDATE "WorkflowInstance" w SET "lockedBy" = $4, "lockExpiresAt" = $5 FROM picked
  WHERE w."instanceId" = picked."instanceId" AND ${UNLOCKED}
    AND EXISTS (SELECT 1 FROM "InboxMessage" m WHERE m."instanceId" = w."instanceId" AND m."visibleAt" <= $1)
  RETURNING ${INSTANCE_COLUMN_LIST.replace(/"(\w+)"/g, 'w."$1"')}`;

/**
 * Leases up to `limit` unleased instances with visible inbox messages (oldest message first) and returns
 * them with their visible messages in arrival order (read after the lease is taken, so that no message a
 * previous holder consumed comes back).
 */
export async function claimWorkItems(
  db: Queryable,
  workerId: string,
  limit: number,
  leaseMs: number,
  now: Date,
  filter?: NameFilter,
): Promise<WorkflowWorkItem[]> {
  const at = pgTime(now);
  const until = pgTime(new Date(now.getTime() + leaseMs));
  const names = nameCondition('w."name"', 6, filter);
  const { rows } = await db.query<InstanceRow>(
    statement(claimInstances(names.sql), [at, limit * CANDIDATE_ROWS_PER_INSTANCE, limit, workerId, until, ...names.params]),
  );
  if (rows.length === 0) return [];
  const messages = await db.query<InboxRow>(
    statement(
      `SELECT "id", "instanceId", "executionId", "event", "visibleAt" FROM "InboxMessage"
       WHERE "instanceId" = ANY($1::text[]) AND "visibleAt" <= $2 ORDER BY "id"`,
      [rows.map((r) => r.instanceId), at],
    ),
  );
  const byInstance = new Map<string, InboxRow[]>(rows.map((r) => [r.instanceId, []]));
  for (const m of messages.rows) byInstance.get(m.instanceId)?.push(m);
  return rows.map((row) => ({ instance: toInstanceRecord(row), messages: byInstance.get(row.instanceId)!.map(toInboxMessage) }));
}

/** Leases up to `limit` visible, unleased activity tasks (oldest first). */
export async function claimTasks(db: Queryable, workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<ActivityTaskRecord[]> {
  const names = nameCondition('w."name"', 5, filter);
  const { rows } = await db.query<ActivityTaskRow>(
    statement(
      `UPDATE "ActivityTask" w SET "lockedBy" = $2, "lockExpiresAt" = $3
       WHERE "id" IN (SELECT w."id" FROM "ActivityTask" w WHERE w."visibleAt" <= $1 AND ${UNLOCKED}${names.sql} ORDER BY w."visibleAt", w."id" LIMIT $4 FOR UPDATE SKIP LOCKED)
         AND ${UNLOCKED}
       RETURNING "id", "instanceId", "executionId", "taskId", "name", "input", "attempt", "visibleAt", "traceParent", "traceState"`,
      [pgTime(now), workerId, pgTime(new Date(now.getTime() + leaseMs)), limit, ...names.params],
    ),
  );
  return rows.map(toActivityTask).sort((a, b) => a.id - b.id);
}

/** The leased rows of a table: its key column and that column's array type. */
const LEASED = { WorkflowInstance: { key: 'instanceId', array: 'text[]' }, ActivityTask: { key: 'id', array: 'int[]' } } as const;

/** Extends the leases `workerId` still holds on the rows of `table` keyed by `keys`; returns the keys renewed. */
async function renewLeases<K extends string | number>(db: Queryable, table: keyof typeof LEASED, workerId: string, keys: K[], leaseMs: number, now: Date): Promise<Set<K>> {
  if (keys.length === 0) return new Set();
  const { key, array } = LEASED[table];
  const { rows } = await db.query<{ key: K }>(
    statement(`UPDATE "${table}" SET "lockExpiresAt" = $1 WHERE "${key}" = ANY($2::${array}) AND "lockedBy" = $3 RETURNING "${key}" AS "key"`, [
      pgTime(new Date(now.getTime() + leaseMs)),
      keys,
      workerId,
    ]),
  );
  return new Set(rows.map((r) => r.key));
}

/** Extends the workflow leases `workerId` still holds among `instanceIds`; returns those IDs in the order given. */
export async function renewInstanceLeases(db: Queryable, workerId: string, instanceIds: string[], leaseMs: number, now: Date): Promise<string[]> {
  const renewed = await renewLeases(db, 'WorkflowInstance', workerId, instanceIds, leaseMs, now);
  return [...new Set(instanceIds)].filter((id) => renewed.has(id));
}

/** Extends the leases `workerId` still holds among `taskIds`; returns those IDs, ascending. */
export async function renewTaskLeases(db: Queryable, workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]> {
  return [...(await renewLeases(db, 'ActivityTask', workerId, taskIds, leaseMs, now))].sort((a, b) => a - b);
}
