import type { DbClient } from '../db/client';
import { InstanceAlreadyExistsError, InstanceNotFoundError, InvalidInstanceStatusError } from '../engine/errors';
import type { SequencedHistoryEvent } from '../engine/history-events';
import { isPurgeableStatus, isTerminalStatus, type RuntimeStatus } from '../engine/runtime-status';
import type {
  ActivityDelivery,
  ActivityLogLine,
  ActivityTaskRecord,
  BacklogSnapshot,
  InstanceCountQuery,
  InstanceNameStatusCount,
  InstancePage,
  InstanceQuery,
  InstanceRecord,
  NameFilter,
  MessageReceipt,
  NewInboxMessage,
  NewInstance,
  WorkerHeartbeat,
  WorkflowStepCommit,
  WorkflowStore,
  WorkflowWorkItem,
} from '../engine/store';
import { INSTANCE_COLUMN_LIST, toInstanceRecord, toSequencedEvent, type InstanceRow } from './row-mapping';
import type { PrismaReads } from './prisma-reads';
import { passesNoName } from './name-filter';
import { purgeInstanceTree, type InstanceStatusRow, type PurgeOperations, type PurgeOutcome } from './recursive-purge';
import { claimTasks, claimWorkItems, renewInstanceLeases, renewTaskLeases } from './sqlite-claims';
import { deleteHeartbeatRow, selectHeartbeats, takeOver, upsertHeartbeat } from './sqlite-heartbeats';
import { sqliteSynchronous } from '../db/client';
import { isDatabaseBusy } from './database-faults';
import { openSqlite, sqliteTime, StatementCache, type SqliteDatabase } from './sqlite-connection';
import { SqliteWriteBatch } from './sqlite-write-batch';
import type { ClosedExecutionRecord, NewRerunInstance, RerunLinks } from '../engine/recovery-store';
import { insertRerun, selectClosedExecutions, selectClosedHistory, selectRerunLinks } from './sqlite-recovery';
import { readSqliteBacklog } from './sqlite-backlog';
import { completeTask, deleteInstanceData, insertInstance, insertMessage, statusOf, writeStepCommit } from './sqlite-writes';

/** Marks a write that only takes or gives back leases. */
const LEASE_ONLY = false;

type Connection = { db: SqliteDatabase; statements: StatementCache; batch: SqliteWriteBatch };

/**
 * The WorkflowStore on SQLite: the engine's operations run as cached prepared statements on the store's own
 * better-sqlite3 connection to the Prisma client's file (see sqlite-connection.ts), writes group-committed
 * (see sqlite-write-batch.ts). Listing and counting, which the dashboard uses, stay on Prisma (`reads`).
 */
export class SqliteStore implements WorkflowStore, PurgeOperations {
  private connection: Connection | undefined;
  private opening: Promise<Connection> | undefined;

  constructor(
    private readonly prisma: DbClient,
    private readonly reads: PrismaReads,
  ) {}

  async createInstance(instance: NewInstance): Promise<void> {
    await this.write((s) => {
      const existing = statusOf(s, instance.instanceId);
      if (existing && !isTerminalStatus(existing)) throw new InstanceAlreadyExistsError(instance.instanceId, existing);
      insertInstance(s, instance, existing !== undefined, new Date());
    });
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    const row = await this.read((s) => s.get(`SELECT ${INSTANCE_COLUMN_LIST} FROM "WorkflowInstance" WHERE "instanceId" = ?`).get(instanceId) as InstanceRow | undefined);
    return row ? toInstanceRecord(row) : undefined;
  }

  async getHistory(instanceId: string, options: { fromSequence?: number; limit?: number } = {}): Promise<SequencedHistoryEvent[]> {
    const rows = await this.read(
      (s) =>
        s
          .get('SELECT "sequence", "data" FROM "HistoryEvent" WHERE "instanceId" = ? AND "sequence" >= ? ORDER BY "sequence" LIMIT ?')
          .all(instanceId, options.fromSequence ?? 0, options.limit ?? -1) as { sequence: number; data: string }[],
    );
    return rows.map(toSequencedEvent);
  }

  async sendMessage(message: NewInboxMessage, operation: string, allowed: readonly RuntimeStatus[], receipt?: MessageReceipt): Promise<void> {
    await this.write((s) => {
      const status = statusOf(s, message.instanceId);
      if (!status) throw new InstanceNotFoundError(message.instanceId);
      if (!allowed.includes(status)) throw new InvalidInstanceStatusError(message.instanceId, operation, status, allowed);
      insertMessage(s, message, new Date(), receipt);
    });
  }

  async claimWorkflowWorkItems(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<WorkflowWorkItem[]> {
    if (passesNoName(filter)) return [];
    return this.write((s) => claimWorkItems(s, workerId, limit, leaseMs, now, filter), LEASE_ONLY);
  }

  async commitWorkflowStep(workerId: string, commit: WorkflowStepCommit): Promise<number[]> {
    return this.write((s) => writeStepCommit(s, workerId, commit, new Date()));
  }

  async abandonWorkflowWorkItem(workerId: string, instanceId: string): Promise<void> {
    const release = 'UPDATE "WorkflowInstance" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "instanceId" = ? AND "lockedBy" = ?';
    await this.write((s) => s.get(release).run(instanceId, workerId), LEASE_ONLY);
  }

  async abandonActivityTask(workerId: string, taskRowId: number): Promise<void> {
    const release = 'UPDATE "ActivityTask" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "id" = ? AND "lockedBy" = ?';
    await this.write((s) => s.get(release).run(taskRowId, workerId), LEASE_ONLY);
  }

  async renewWorkflowLeases(workerId: string, instanceIds: string[], leaseMs: number, now: Date): Promise<string[]> {
    return this.write((s) => renewInstanceLeases(s, workerId, instanceIds, leaseMs, now), LEASE_ONLY);
  }

  async claimActivityTasks(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<ActivityTaskRecord[]> {
    if (passesNoName(filter)) return [];
    return this.write((s) => claimTasks(s, workerId, limit, leaseMs, now, filter), LEASE_ONLY);
  }

  async renewActivityLeases(workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]> {
    return this.write((s) => renewTaskLeases(s, workerId, taskIds, leaseMs, now), LEASE_ONLY);
  }

  async completeActivityTask(workerId: string, taskRowId: number, result: NewInboxMessage, step?: WorkflowStepCommit): Promise<ActivityDelivery> {
    return this.write((s) => completeTask(s, workerId, taskRowId, result, step, new Date()));
  }

  async releaseLeases(workerId: string): Promise<void> {
    await this.write((s) => {
      for (const table of ['WorkflowInstance', 'ActivityTask']) {
        s.get(`UPDATE "${table}" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "lockedBy" = ?`).run(workerId);
      }
    });
  }

  async recordHeartbeat(worker: WorkerHeartbeat): Promise<void> {
    await this.write((s) => upsertHeartbeat(s, worker), LEASE_ONLY);
  }

  async listHeartbeats(): Promise<WorkerHeartbeat[]> {
    return this.read((s) => selectHeartbeats(s));
  }

  async deleteHeartbeat(workerId: string): Promise<void> {
    await this.write((s) => deleteHeartbeatRow(s, workerId), LEASE_ONLY);
  }

  async takeOverWorker(workerId: string, lastSeenAt: Date): Promise<boolean> {
    return this.write((s) => takeOver(s, workerId, lastSeenAt), LEASE_ONLY);
  }

  async nextVisibleAt(now: Date): Promise<Date | undefined> {
    const row = await this.read(
      (s) =>
        s
          .get(
            `SELECT MIN(t) AS "next" FROM (SELECT MIN("visibleAt") AS t FROM "InboxMessage" WHERE "visibleAt" > @now
             UNION ALL SELECT MIN("visibleAt") FROM "ActivityTask" WHERE "visibleAt" > @now)`,
          )
          .get({ now: sqliteTime(now) }) as { next: string | null },
    );
    return row.next === null ? undefined : new Date(row.next);
  }

  listInstances(query: InstanceQuery): Promise<InstancePage> {
    return this.reads.listInstances(query);
  }

  countInstancesByStatus(query: InstanceCountQuery): Promise<Partial<Record<RuntimeStatus, number>>> {
    return this.reads.countInstancesByStatus(query);
  }

  countInstancesByNameAndStatus(): Promise<InstanceNameStatusCount[]> {
    return this.reads.countInstancesByNameAndStatus();
  }

  readBacklog(now: Date, horizonMs: number): Promise<BacklogSnapshot> {
    return this.read((s) => readSqliteBacklog(s, now, horizonMs));
  }

  listInstancesWaitingForEvents(limit: number): Promise<InstanceRecord[]> {
    return this.reads.listInstancesWaitingForEvents(limit);
  }

  async purgeInstance(instanceId: string, recursive: boolean): Promise<number> {
    return purgeInstanceTree(this, instanceId, recursive);
  }

  /** The ID and status of every child of `parentIds` (for purgeInstanceTree). */
  async childStatuses(parentIds: readonly string[]): Promise<InstanceStatusRow[]> {
    const children = 'SELECT "instanceId", "status" FROM "WorkflowInstance" WHERE "parentInstanceId" IN (SELECT value FROM json_each(?))';
    return this.read((s) => s.get(children).all(JSON.stringify(parentIds)) as InstanceStatusRow[]);
  }

  /** Deletes the instances when all that exist are purgeable, else nothing, in one write (for purgeInstanceTree). */
  async deletePurgeable(instanceIds: readonly string[]): Promise<PurgeOutcome> {
    return this.write((s) => {
      const rows = s
        .get('SELECT "instanceId", "status" FROM "WorkflowInstance" WHERE "instanceId" IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(instanceIds)) as InstanceStatusRow[];
      const blocker = rows.find((r) => !isPurgeableStatus(r.status));
      if (blocker) return { blocker };
      deleteInstanceData(s, rows.map((r) => r.instanceId));
      return { deleted: rows.length };
    });
  }

  async appendActivityLog(instanceId: string, taskId: number, message: string, at: Date): Promise<void> {
    await this.write((s) =>
      s.get('INSERT INTO "ActivityLog" ("instanceId", "taskId", "message", "createdAt") VALUES (?, ?, ?, ?)').run(instanceId, taskId, message, sqliteTime(at)),
    );
  }

  async getActivityLogs(instanceId: string): Promise<ActivityLogLine[]> {
    const rows = await this.read(
      (s) =>
        s.get('SELECT "taskId", "message", "createdAt" FROM "ActivityLog" WHERE "instanceId" = ? ORDER BY "id"').all(instanceId) as {
          taskId: number;
          message: string;
          createdAt: string;
        }[],
    );
    return rows.map((r) => ({ taskId: r.taskId, message: r.message, createdAt: new Date(r.createdAt) }));
  }

  listClosedExecutions(instanceId: string): Promise<ClosedExecutionRecord[]> {
    return this.read((s) => selectClosedExecutions(s, instanceId));
  }

  getClosedExecutionHistory(instanceId: string, executionId: string): Promise<SequencedHistoryEvent[] | undefined> {
    return this.read((s) => selectClosedHistory(s, instanceId, executionId));
  }

  async createRerunInstance(rerun: NewRerunInstance): Promise<void> {
    await this.write((s) => insertRerun(s, rerun, new Date()));
  }

  getRerunLinks(instanceId: string): Promise<RerunLinks> {
    return this.read((s) => selectRerunLinks(s, instanceId));
  }

  /**
   * Runs `body`, a write of another module on this database (the audit trail's rows: lib/audit/grouped-audit-append.ts),
   * in the next write group: it shares that group's COMMIT and fsync with the engine's writes of the same turn.
   */
  async groupedWrite<T>(body: (s: StatementCache) => T): Promise<T> {
    return this.write(body);
  }

  /** Commits the writes in flight and closes the store's connection; the Prisma client stays open (its owner disconnects it). */
  async close(): Promise<void> {
    const connection = this.connection ?? (await this.opening?.catch(() => undefined));
    this.connection = undefined;
    this.opening = undefined;
    if (connection) {
      await connection.batch.drain();
      connection.db.close();
    }
    await this.reads.close();
  }

  private async connect(): Promise<Connection> {
    if (this.connection) return this.connection;
    this.opening ??= (async () => {
      const [main] = await this.prisma.$queryRawUnsafe<{ file: string }[]>(`SELECT "file" FROM pragma_database_list WHERE "name" = 'main'`);
      const db = openSqlite(main.file);
      const statements = new StatementCache(db);
      return (this.connection = { db, statements, batch: new SqliteWriteBatch(statements, sqliteSynchronous()) });
    })();
    return this.opening;
  }

  /** Runs `body` in the next write group; `durable` false for lease-only writes (see sqlite-write-batch.ts). */
  private async write<T>(body: (s: StatementCache) => T, durable = true): Promise<T> {
    const { statements, batch } = this.connection ?? (await this.connect());
    return batch.submit(() => body(statements), durable);
  }

  /** Runs a read (one statement: consistent on its own); a locked database is tried again from a timer, never busy-waited. */
  private async read<T>(body: (s: StatementCache) => T): Promise<T> {
    const { statements } = this.connection ?? (await this.connect());
    for (let attempt = 0; ; attempt++) {
      try {
        return body(statements);
      } catch (error) {
        if (!isDatabaseBusy(error) || attempt >= 1_000) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  }
}
