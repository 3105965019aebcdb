// The workers' heartbeat rows on PostgreSQL, as named prepared statements; see HeartbeatStore in lib/engine/store.ts.
import type { WorkerHeartbeat } from '../engine/store';
import { pgTime, statement, type Queryable } from './postgres-connection';
import { toHeartbeat, type HeartbeatColumns } from './row-mapping';

/** Inserts or replaces the worker's heartbeat row. */
export async function upsertHeartbeat(db: Queryable, worker: WorkerHeartbeat): Promise<void> {
  await db.query(
    statement(
      `INSERT INTO "WorkerHeartbeat" ("workerId", "host", "pid", "startedAt", "lastSeenAt", "version", "inFlightSteps", "inFlightActivities") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ("workerId") DO UPDATE SET "host" = excluded."host", "pid" = excluded."pid", "startedAt" = excluded."startedAt", "lastSeenAt" = excluded."lastSeenAt",
         "version" = excluded."version", "inFlightSteps" = excluded."inFlightSteps", "inFlightActivities" = excluded."inFlightActivities"`,
      [
        worker.workerId,
        worker.host,
        worker.pid,
        pgTime(worker.startedAt),
        pgTime(worker.lastSeenAt),
        worker.version ?? null,
        worker.inFlight?.steps ?? null,
        worker.inFlight?.activities ?? null,
      ],
    ),
  );
}

/** Every heartbeat row, by worker ID. */
export async function selectHeartbeats(db: Queryable): Promise<WorkerHeartbeat[]> {
  const { rows } = await db.query<HeartbeatColumns>(
    statement('SELECT "workerId", "host", "pid", "startedAt", "lastSeenAt", "version", "inFlightSteps", "inFlightActivities" FROM "WorkerHeartbeat" ORDER BY "workerId"', []),
  );
  return rows.map(toHeartbeat);
}

/** Deletes the worker's heartbeat row. */
export async function deleteHeartbeatRow(db: Queryable, workerId: string): Promise<void> {
  await db.query(statement('DELETE FROM "WorkerHeartbeat" WHERE "workerId" = $1', [workerId]));
}

/**
 * Deletes the worker's row if it has not beaten since `lastSeenAt` and, if it did, releases the worker's leases,
 * in one statement (so in one transaction); true when the worker was taken over.
 */
export async function takeOver(db: Queryable, workerId: string, lastSeenAt: Date): Promise<boolean> {
  const { rows } = await db.query<{ workerId: string }>(
    statement(
      `WITH gone AS (DELETE FROM "WorkerHeartbeat" WHERE "workerId" = $1 AND "lastSeenAt" <= $2 RETURNING "workerId"),
       tasks AS (UPDATE "ActivityTask" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "lockedBy" IN (SELECT "workerId" FROM gone)),
       instances AS (UPDATE "WorkflowInstance" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "lockedBy" IN (SELECT "workerId" FROM gone))
       SELECT "workerId" FROM gone`,
      [workerId, pgTime(lastSeenAt)],
    ),
  );
  return rows.length > 0;
}
