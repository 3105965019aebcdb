import type pg from 'pg';
import { databaseUrlOf, type DbClient } from '../db/client';
import { InstanceAlreadyExistsError, InstanceNotFoundError, InvalidInstanceStatusError, LeaseLostError } from '../engine/errors';
import type { SequencedHistoryEvent } from '../engine/history-events';
import { isTerminalStatus, type RuntimeStatus } from '../engine/runtime-status';
import type {
  ActivityLogLine,
  ActivityTaskRecord,
  InstanceCountQuery,
  InstancePage,
  InstanceQuery,
  InstanceRecord,
  NameFilter,
  NewInboxMessage,
  NewInstance,
  WorkerHeartbeat,
  WorkflowStepCommit,
  WorkflowStore,
  WorkflowWorkItem,
} from '../engine/store';
import { INSTANCE_COLUMN_LIST, toInstanceRecord, toSequencedEvent, type InstanceRow } from './row-mapping';
import type { PrismaReads } from './prisma-reads';
import { claimTasks, claimWorkItems, renewInstanceLeases, renewTaskLeases } from './postgres-claims';
import { deleteHeartbeatRow, selectHeartbeats, takeOver, upsertHeartbeat } from './postgres-heartbeats';
import { passesNoName } from './name-filter';
import { createPool, isPgUniqueViolation, pgTime, statement } from './postgres-connection';
import { PostgresWriteBatch, type PgWrite } from './postgres-write-batch';
import { completeTask, deletePurgeableInstances, insertInstance, insertMessageIfStatus, statusOf, writeStepCommit } from './postgres-writes';
import { purgeInstanceTree, type InstanceStatusRow, type PurgeOperations, type PurgeOutcome } from './recursive-purge';

/** Concurrent write groups (one pipelined connection each). */
const WRITE_LANES = 1;

/** Connections for reads and lease-only writes. */
const READ_CONNECTIONS = 4;

type Pools = { writes: pg.Pool; leases: pg.Pool; batch: PostgresWriteBatch };

/**
 * The WorkflowStore on PostgreSQL: the engine's operations run as named prepared statements through `pg`, on
 * pools of the store's own to the Prisma client's database (see postgres-connection.ts). Durable writes are
 * group-committed (postgres-write-batch.ts). Claims, lease renewals and releases of one lease run on sessions
 * with synchronous_commit off: losing a lease in a crash is harmless (the work is claimed again, as after
 * any crash), and PostgreSQL writes its WAL in order, so the next durable commit makes them durable too.
 * Listing and counting, which the dashboard uses, stay on Prisma (`reads`).
 */
export class PostgresStore implements WorkflowStore, PurgeOperations {
  private pools: Pools | undefined;

  constructor(
    private readonly prisma: DbClient,
    private readonly reads: PrismaReads,
  ) {}

  async createInstance(instance: NewInstance): Promise<void> {
    try {
      await this.write(async (db) => {
        const existing = await statusOf(db, instance.instanceId);
        if (existing && !isTerminalStatus(existing)) throw new InstanceAlreadyExistsError(instance.instanceId, existing);
        await insertInstance(db, instance, existing !== undefined, new Date());
      });
    } catch (error) {
      // Two creators raced for a new ID: the loser sees the winner's row.
      if (!isPgUniqueViolation(error)) throw error;
      const status = await statusOf(this.connect().leases, instance.instanceId);
      throw new InstanceAlreadyExistsError(instance.instanceId, status ?? 'PENDING');
    }
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    const { rows } = await this.connect().leases.query<InstanceRow>(
      statement(`SELECT ${INSTANCE_COLUMN_LIST} FROM "WorkflowInstance" WHERE "instanceId" = $1`, [instanceId]),
    );
    return rows[0] ? toInstanceRecord(rows[0]) : undefined;
  }

  async getHistory(instanceId: string, options: { fromSequence?: number; limit?: number } = {}): Promise<SequencedHistoryEvent[]> {
    const { rows } = await this.connect().leases.query<{ sequence: number; data: string }>(
      statement('SELECT "sequence", "data" FROM "HistoryEvent" WHERE "instanceId" = $1 AND "sequence" >= $2 ORDER BY "sequence" LIMIT $3', [
        instanceId,
        options.fromSequence ?? 0,
        options.limit ?? null,
      ]),
    );
    return rows.map(toSequencedEvent);
  }

  async sendMessage(message: NewInboxMessage, operation: string, allowed: readonly RuntimeStatus[]): Promise<void> {
    const status = await this.write((db) => insertMessageIfStatus(db, message, allowed, new Date()));
    if (!status) throw new InstanceNotFoundError(message.instanceId);
    if (!allowed.includes(status)) throw new InvalidInstanceStatusError(message.instanceId, operation, status, allowed);
  }

  async claimWorkflowWorkItems(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<WorkflowWorkItem[]> {
    if (passesNoName(filter)) return [];
    return claimWorkItems(this.connect().leases, workerId, limit, leaseMs, now, filter);
  }

  async commitWorkflowStep(workerId: string, commit: WorkflowStepCommit): Promise<void> {
    await this.write((db) => writeStepCommit(db, workerId, commit, new Date()));
  }

  async abandonWorkflowWorkItem(workerId: string, instanceId: string): Promise<void> {
    await this.connect().leases.query(
      statement('UPDATE "WorkflowInstance" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "instanceId" = $1 AND "lockedBy" = $2', [instanceId, workerId]),
    );
  }

  async abandonActivityTask(workerId: string, taskRowId: number): Promise<void> {
    await this.connect().leases.query(
      statement('UPDATE "ActivityTask" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "id" = $1 AND "lockedBy" = $2', [taskRowId, workerId]),
    );
  }

  async renewWorkflowLeases(workerId: string, instanceIds: string[], leaseMs: number, now: Date): Promise<string[]> {
    return renewInstanceLeases(this.connect().leases, workerId, instanceIds, leaseMs, now);
  }

  async claimActivityTasks(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<ActivityTaskRecord[]> {
    if (passesNoName(filter)) return [];
    return claimTasks(this.connect().leases, workerId, limit, leaseMs, now, filter);
  }

  async renewActivityLeases(workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]> {
    return renewTaskLeases(this.connect().leases, workerId, taskIds, leaseMs, now);
  }

  async completeActivityTask(workerId: string, taskRowId: number, result: NewInboxMessage): Promise<void> {
    const completed = await this.write((db) => completeTask(db, workerId, taskRowId, result, new Date()));
    if (!completed) throw new LeaseLostError(`activity task ${taskRowId}`);
  }

  async releaseLeases(workerId: string): Promise<void> {
    await this.write(async (db) => {
      await db.query(
        statement(
          `WITH t AS (UPDATE "ActivityTask" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "lockedBy" = $1)
           UPDATE "WorkflowInstance" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "lockedBy" = $1`,
          [workerId],
        ),
      );
    });
  }

  async recordHeartbeat(worker: WorkerHeartbeat): Promise<void> {
    await upsertHeartbeat(this.connect().leases, worker);
  }

  async listHeartbeats(): Promise<WorkerHeartbeat[]> {
    return selectHeartbeats(this.connect().leases);
  }

  async deleteHeartbeat(workerId: string): Promise<void> {
    await deleteHeartbeatRow(this.connect().leases, workerId);
  }

  async takeOverWorker(workerId: string, lastSeenAt: Date): Promise<boolean> {
    return takeOver(this.connect().leases, workerId, lastSeenAt);
  }

  async nextVisibleAt(now: Date): Promise<Date | undefined> {
    const { rows } = await this.connect().leases.query<{ next: Date | null }>(
      statement(
        `SELECT LEAST((SELECT MIN("visibleAt") FROM "InboxMessage" WHERE "visibleAt" > $1),
                      (SELECT MIN("visibleAt") FROM "ActivityTask" WHERE "visibleAt" > $1)) AS "next"`,
        [pgTime(now)],
      ),
    );
    return rows[0].next ?? undefined;
  }

  listInstances(query: InstanceQuery): Promise<InstancePage> {
    return this.reads.listInstances(query);
  }

  countInstancesByStatus(query: InstanceCountQuery): Promise<Partial<Record<RuntimeStatus, number>>> {
    return this.reads.countInstancesByStatus(query);
  }

  listInstancesWaitingForEvents(limit: number): Promise<InstanceRecord[]> {
    return this.reads.listInstancesWaitingForEvents(limit);
  }

  async purgeInstance(instanceId: string, recursive: boolean): Promise<number> {
    return purgeInstanceTree(this, instanceId, recursive);
  }

  /** The ID and status of every child of `parentIds` (for purgeInstanceTree). */
  async childStatuses(parentIds: readonly string[]): Promise<InstanceStatusRow[]> {
    const { rows } = await this.connect().leases.query<InstanceStatusRow>(
      statement('SELECT "instanceId", "status" FROM "WorkflowInstance" WHERE "parentInstanceId" = ANY($1::text[])', [parentIds]),
    );
    return rows;
  }

  /** Deletes the instances when all that exist are purgeable, else nothing, in one write (for purgeInstanceTree). */
  deletePurgeable(instanceIds: readonly string[]): Promise<PurgeOutcome> {
    return this.write((db) => deletePurgeableInstances(db, instanceIds));
  }

  async appendActivityLog(instanceId: string, taskId: number, message: string, at: Date): Promise<void> {
    await this.write(async (db) => {
      await db.query(
        statement('INSERT INTO "ActivityLog" ("instanceId", "taskId", "message", "createdAt") VALUES ($1, $2, $3, $4)', [instanceId, taskId, message, pgTime(at)]),
      );
    });
  }

  async getActivityLogs(instanceId: string): Promise<ActivityLogLine[]> {
    const { rows } = await this.connect().leases.query<{ taskId: number; message: string; createdAt: Date }>(
      statement('SELECT "taskId", "message", "createdAt" FROM "ActivityLog" WHERE "instanceId" = $1 ORDER BY "id"', [instanceId]),
    );
    return rows;
  }

  /** Commits the writes in flight and ends the store's pools; the Prisma client stays open (its owner disconnects it). */
  async close(): Promise<void> {
    const pools = this.pools;
    this.pools = undefined;
    if (pools) {
      await pools.batch.drain();
      await Promise.all([pools.writes.end(), pools.leases.end()]);
    }
    await this.reads.close();
  }

  private connect(): Pools {
    if (!this.pools) {
      const url = databaseUrlOf(this.prisma);
      const writes = createPool(url, { max: WRITE_LANES, pipeline: true });
      this.pools = { writes, leases: createPool(url, { max: READ_CONNECTIONS, asyncCommit: true }), batch: new PostgresWriteBatch(writes, WRITE_LANES) };
    }
    return this.pools;
  }

  /** Runs `body` in the next write group (see postgres-write-batch.ts). */
  private write<T>(body: PgWrite<T>): Promise<T> {
    return this.connect().batch.submit(body);
  }
}
