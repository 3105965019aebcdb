// The workers' heartbeat rows on SQLite, as prepared statements run inside a write group's transaction (or as
// one-statement reads); see HeartbeatStore in lib/engine/store.ts.
import type { WorkerHeartbeat } from '../engine/store';
import { sqliteTime, type StatementCache } from './sqlite-connection';
import { toHeartbeat } from './row-mapping';

type HeartbeatRow = {
  workerId: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
  version: string | null;
  inFlightSteps: number | null;
  inFlightActivities: number | null;
};

/** Inserts or replaces the worker's heartbeat row. */
export function upsertHeartbeat(s: StatementCache, worker: WorkerHeartbeat): void {
  s.get(
    `INSERT INTO "WorkerHeartbeat" ("workerId", "host", "pid", "startedAt", "lastSeenAt", "version", "inFlightSteps", "inFlightActivities")
     VALUES (@workerId, @host, @pid, @startedAt, @lastSeenAt, @version, @inFlightSteps, @inFlightActivities)
     ON CONFLICT ("workerId") DO UPDATE SET "host" = excluded."host", "pid" = excluded."pid", "startedAt" = excluded."startedAt", "lastSeenAt" = excluded."lastSeenAt",
       "version" = excluded."version", "inFlightSteps" = excluded."inFlightSteps", "inFlightActivities" = excluded."inFlightActivities"`,
  ).run({
    workerId: worker.workerId,
    host: worker.host,
    pid: worker.pid,
    startedAt: sqliteTime(worker.startedAt),
    lastSeenAt: sqliteTime(worker.lastSeenAt),
    version: worker.version ?? null,
    inFlightSteps: worker.inFlight?.steps ?? null,
    inFlightActivities: worker.inFlight?.activities ?? null,
  });
}

/** Every heartbeat row, by worker ID. */
export function selectHeartbeats(s: StatementCache): WorkerHeartbeat[] {
  const rows = s
    .get('SELECT "workerId", "host", "pid", "startedAt", "lastSeenAt", "version", "inFlightSteps", "inFlightActivities" FROM "WorkerHeartbeat" ORDER BY "workerId"')
    .all() as HeartbeatRow[];
  return rows.map((r) => toHeartbeat({ ...r, startedAt: new Date(r.startedAt), lastSeenAt: new Date(r.lastSeenAt) }));
}

/** Deletes the worker's heartbeat row. */
export function deleteHeartbeatRow(s: StatementCache, workerId: string): void {
  s.get('DELETE FROM "WorkerHeartbeat" WHERE "workerId" = ?').run(workerId);
}

/**
 * Deletes the worker's row if it has not beaten since `lastSeenAt` and, if it did, releases the worker's leases;
 * true when the worker was taken over.
 */
export function takeOver(s: StatementCache, workerId: string, lastSeenAt: Date): boolean {
  const gone = s.get('DELETE FROM "WorkerHeartbeat" WHERE "workerId" = ? AND "lastSeenAt" <= ?').run(workerId, sqliteTime(lastSeenAt));
  if (gone.changes === 0) return false;
  for (const table of ['WorkflowInstance', 'ActivityTask']) {
    s.get(`UPDATE "${table}" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "lockedBy" = ?`).run(workerId);
  }
  return true;
}
