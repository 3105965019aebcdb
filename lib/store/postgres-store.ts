import type pg from 'pg';
import { databaseUrlOf, type DbClient } from '../db/client';
import { InstanceAlreadyExistsError, InstanceNotFoundError, InvalidInstanceStatusError, LeaseLostError } from '../engine/errors';
import type { SequencedHistoryEvent } from '../engine/history-events';
import { isTerminalStatus, type RuntimeStatus } from '../engine/runtime-status';
import type { RemoteWork, RemoteWorkSource } from '../engine/work-notifier';
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
import { claimBackoffMs } from '../engine/claim-loop';
import { databaseFaultOf } from './database-faults';
import { INSTANCE_COLUMN_LIST, toInstanceRecord, toSequencedEvent, type InstanceRow } from './row-mapping';
import type { PrismaReads } from './prisma-reads';
import { claimTasks, claimWorkItems, renewInstanceLeases, renewTaskLeases } from './postgres-claims';
import { deleteHeartbeatRow, selectHeartbeats, takeOver, upsertHeartbeat } from './postgres-heartbeats';
import { passesNoName } from './name-filter';
import { createPool, isPgUniqueViolation, pgTime, statement } from './postgres-connection';
import { PostgresWorkChannel, stepSignal } from './postgres-notify';
import { PostgresWriteBatch, type PgWrite } from './postgres-write-batch';
import { readPostgresBacklog } from './postgres-backlog';
import { completeTask, deletePurgeableInstances, insertInstance, insertMessageIfStatus, statusOf, writeStepCommit } from './postgres-writes';
import type { ClosedExecutionRecord, NewRerunInstance, RerunLinks } from '../engine/recovery-store';
import { insertRerun, selectClosedExecutions, selectClosedHistory, selectRerunLinks } from './postgres-recovery';
import { purgeInstanceTree, type InstanceStatusRow, type PurgeOperations, type PurgeOutcome } from './recursive-purge';

/** Concurrent write groups (one pipelined connection each). */
const WRITE_LANES = 1;

/** Connections for reads and lease-only writes. */
const READ_CONNECTIONS = 4;

type Pools = { writes: pg.Pool; leases: pg.Pool; batch: PostgresWriteBatch };

/** How often leases the store could not give back during an outage are tried again (ms). */
const OWED_RELEASE_RETRY_MS = 1_000;

/**
 * The WorkflowStore on PostgreSQL: the engine's operations run as named prepared statements through `pg`, on
 * pools of the store's own to the Prisma client's database (see postgres-connection.ts). Durable writes are
 * group-committed (postgres-write-batch.ts). Claims, lease renewals and releases of one lease run on sessions
 * with synchronous_commit off: losing a lease in a crash is harmless (the work is claimed again, as after
 * any crash), and PostgreSQL writes its WAL in order, so the next durable commit makes them durable too.
 * Listing and counting, which the dashboard uses, stay on Prisma (`reads`). Writes that make work ready wake
 * the other processes on the database by NOTIFY (postgres-notify.ts).
 */
export class PostgresStore implements WorkflowStore, PurgeOperations, RemoteWorkSource {
  private pools: Pools | undefined;
  private readonly channel = new PostgresWorkChannel(() => databaseUrlOf(this.prisma));
  private readonly owed = new OwedLeaseReleases((table, releases) => this.releaseOwed(table, releases));

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
      this.channel.publish({ workflow: true });
    } catch (error) {
      // Two creators raced for a new ID: the loser sees the winner's row.
      if (!isPgUniqueViolation(error)) throw error;
      const status = await statusOf(this.connect().leases, instance.instanceId);
      throw new InstanceAlreadyExistsError(instance.instanceId, status ?? 'PENDING');
    }
  }

  listClosedExecutions(instanceId: string): Promise<ClosedExecutionRecord[]> {
    return selectClosedExecutions(this.connect().leases, instanceId);
  }

  getClosedExecutionHistory(instanceId: string, executionId: string): Promise<SequencedHistoryEvent[] | undefined> {
    return selectClosedHistory(this.connect().leases, instanceId, executionId);
  }

  async createRerunInstance(rerun: NewRerunInstance): Promise<void> {
    try {
      await this.write((db) => insertRerun(db, rerun, new Date()));
    } catch (error) {
      // Two reruns raced for a new ID: the loser sees the winner's row.
      if (!isPgUniqueViolation(error)) throw error;
      throw new InstanceAlreadyExistsError(rerun.instance.instanceId, (await statusOf(this.connect().leases, rerun.instance.instanceId)) ?? 'RUNNING');
    }
  }

  getRerunLinks(instanceId: string): Promise<RerunLinks> {
    return selectRerunLinks(this.connect().leases, instanceId);
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

  async sendMessage(message: NewInboxMessage, operation: string, allowed: readonly RuntimeStatus[], receipt?: MessageReceipt): Promise<void> {
    const status = await this.write((db) => insertMessageIfStatus(db, message, allowed, new Date(), receipt));
    if (!status) throw new InstanceNotFoundError(message.instanceId);
    if (!allowed.includes(status)) throw new InvalidInstanceStatusError(message.instanceId, operation, status, allowed);
    this.channel.publish({ workflow: true });
  }

  async claimWorkflowWorkItems(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<WorkflowWorkItem[]> {
    if (passesNoName(filter)) return [];
    this.owed.leaseMs(leaseMs);
    const until = new Date(now.getTime() + leaseMs);
    return this.owed.oweClaimOnFault('WorkflowInstance', workerId, until, () => claimWorkItems(this.connect().leases, workerId, limit, leaseMs, now, filter));
  }

  async commitWorkflowStep(workerId: string, commit: WorkflowStepCommit): Promise<number[]> {
    const taskIds = await this.write((db) => writeStepCommit(db, workerId, commit, new Date()));
    this.channel.publish(stepSignal(commit));
    return taskIds;
  }

  async abandonWorkflowWorkItem(workerId: string, instanceId: string): Promise<void> {
    await this.owed.oweOnFault('WorkflowInstance', instanceId, workerId, () =>
      this.connect().leases.query(
        statement('UPDATE "WorkflowInstance" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "instanceId" = $1 AND "lockedBy" = $2', [instanceId, workerId]),
      ),
    );
    this.channel.publish({ workflow: true });
  }

  async abandonActivityTask(workerId: string, taskRowId: number): Promise<void> {
    await this.owed.oweOnFault('ActivityTask', String(taskRowId), workerId, () =>
      this.connect().leases.query(
        statement('UPDATE "ActivityTask" SET "lockedBy" = NULL, "lockExpiresAt" = NULL WHERE "id" = $1 AND "lockedBy" = $2', [taskRowId, workerId]),
      ),
    );
    this.channel.publish({ activity: true });
  }

  async renewWorkflowLeases(workerId: string, instanceIds: string[], leaseMs: number, now: Date): Promise<string[]> {
    this.owed.leaseMs(leaseMs);
    return renewInstanceLeases(this.connect().leases, workerId, instanceIds, leaseMs, now);
  }

  async claimActivityTasks(workerId: string, limit: number, leaseMs: number, now: Date, filter?: NameFilter): Promise<ActivityTaskRecord[]> {
    if (passesNoName(filter)) return [];
    this.owed.leaseMs(leaseMs);
    const until = new Date(now.getTime() + leaseMs);
    return this.owed.oweClaimOnFault('ActivityTask', workerId, until, () => claimTasks(this.connect().leases, workerId, limit, leaseMs, now, filter));
  }

  async renewActivityLeases(workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]> {
    this.owed.leaseMs(leaseMs);
    return renewTaskLeases(this.connect().leases, workerId, taskIds, leaseMs, now);
  }

  async completeActivityTask(workerId: string, taskRowId: number, result: NewInboxMessage, step?: WorkflowStepCommit): Promise<ActivityDelivery> {
    // Undelivered for a database fault: the task's lease is given back once the database answers (the activity
    // runs again then, instead of when its lease expires); a commit that did happen left no task to release.
    const delivery = await this.owed.oweOnFault('ActivityTask', String(taskRowId), workerId, () =>
      this.write((db) => completeTask(db, workerId, taskRowId, result, step, new Date())),
    );
    if (!delivery) throw new LeaseLostError(`activity task ${taskRowId}`);
    this.channel.publish(delivery.stepped ? stepSignal(step!) : { workflow: true });
    return delivery;
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
    this.channel.publish({ workflow: true, activity: true });
  }

  /** Calls `listener` with the wake-ups other processes' stores on this database send (postgres-notify.ts). */
  watchWork(listener: (work: RemoteWork) => void): () => void {
    return this.channel.watch(listener);
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

  countInstancesByNameAndStatus(): Promise<InstanceNameStatusCount[]> {
    return this.reads.countInstancesByNameAndStatus();
  }

  readBacklog(now: Date, horizonMs: number): Promise<BacklogSnapshot> {
    return readPostgresBacklog(this.connect().leases, now, horizonMs);
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

  /**
   * Appends an activity's log line. Activity code calls this (ctx.log) and cannot sensibly handle a database
   * fault, which would fail the activity: a line that meets one is tried again with back-off, for as long as
   * the activity's lease lasts (the longest lease this store took), and only then fails.
   */
  async appendActivityLog(instanceId: string, taskId: number, message: string, at: Date): Promise<void> {
    const append = () =>
      this.write(async (db) => {
        await db.query(
          statement('INSERT INTO "ActivityLog" ("instanceId", "taskId", "message", "createdAt") VALUES ($1, $2, $3, $4)', [instanceId, taskId, message, pgTime(at)]),
        );
      });
    const giveUpAt = Date.now() + this.owed.longestLease();
    for (let failures = 1; ; failures++) {
      try {
        return await append();
      } catch (error) {
        if (!databaseFaultOf(error) || Date.now() >= giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, claimBackoffMs(failures)));
      }
    }
  }

  async getActivityLogs(instanceId: string): Promise<ActivityLogLine[]> {
    const { rows } = await this.connect().leases.query<{ taskId: number; message: string; createdAt: Date }>(
      statement('SELECT "taskId", "message", "createdAt" FROM "ActivityLog" WHERE "instanceId" = $1 ORDER BY "id"', [instanceId]),
    );
    return rows;
  }

  /** Commits the writes in flight and ends the store's pools; the Prisma client stays open (its owner disconnects it). */
  async close(): Promise<void> {
    this.owed.stop();
    await this.channel.close();
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

  /**
   * Runs `body`, a write of another module on this database (the audit trail's rows: lib/audit/grouped-audit-append.ts),
   * in the next write group: it shares that group's COMMIT with the engine's writes.
   */
  groupedWrite<T>(body: PgWrite<T>): Promise<T> {
    return this.write(body);
  }

  /** Runs `body` in the next write group (see postgres-write-batch.ts). */
  private write<T>(body: PgWrite<T>): Promise<T> {
    return this.connect().batch.submit(body);
  }

  /** Gives back owed leases of one table that are still held as they were (see OwedLeaseReleases). */
  private async releaseOwed(table: LeaseTable, releases: OwedRelease[]): Promise<void> {
    const matches = table === 'WorkflowInstance' ? 't."instanceId" = o."key"' : 't."id" = o."key"::integer';
    await this.connect().leases.query(
      statement(
        `UPDATE "${table}" t SET "lockedBy" = NULL, "lockExpiresAt" = NULL
         FROM unnest($1::text[], $2::text[], $3::timestamp(3)[]) AS o("key", "workerId", "heldUntil")
         WHERE t."lockedBy" = o."workerId"
           AND ((o."key" IS NULL AND t."lockExpiresAt" = o."heldUntil") OR (${matches} AND t."lockExpiresAt" <= o."heldUntil"))`,
        [releases.map((r) => r.key ?? null), releases.map((r) => r.workerId), releases.map((r) => pgTime(r.heldUntil))],
      ),
    );
  }
}

/** The tables whose rows carry leases. */
type LeaseTable = 'WorkflowInstance' | 'ActivityTask';

/**
 * A lease to give back: its row, its holder, and the latest expiry it can have (later ones are newer claims); or,
 * without a row, every row of a claim whose answer was lost: the rows its holder leased exactly until heldUntil.
 */
type OwedRelease = { key?: string; workerId: string; heldUntil: Date };

/**
 * Leases a worker meant to give back (an abandoned step or activity, an undelivered activity result), or never
 * learned it took (a claim whose connection failed after the server leased the rows), while the database did not
 * answer. Left alone they would keep the work until they expire (leaseMs, 30 s by default); instead they are
 * given back every OWED_RELEASE_RETRY_MS until the database answers. Only a lease as it was then is given back:
 * for a row, one whose expiry is no later than the failure plus the longest lease this store has taken (a later
 * claim of the same row, even by the same worker, expires later and is left alone); for a lost claim, the rows
 * leased by that worker with exactly that claim's expiry. Owed releases whose leases have expired meanwhile are
 * dropped. Giving back a lease that is in use after all is safe: its holder's commit then fails (LeaseLostError).
 */
class OwedLeaseReleases {
  private readonly owed = new Map<LeaseTable, Map<string, OwedRelease>>([
    ['WorkflowInstance', new Map()],
    ['ActivityTask', new Map()],
  ]);
  private longestLeaseMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private retrying = false;

  constructor(private readonly release: (table: LeaseTable, releases: OwedRelease[]) => Promise<void>) {}

  /** Notes a lease length the store was asked for (claims, renewals). */
  leaseMs(ms: number): void {
    if (ms > this.longestLeaseMs) this.longestLeaseMs = ms;
  }

  /** The longest lease the store was asked for (ms), 0 before any. */
  longestLease(): number {
    return this.longestLeaseMs;
  }

  /** Runs `operation`; when it fails for a database fault, owes the lease of `key` (and still throws). */
  async oweOnFault<T>(table: LeaseTable, key: string, workerId: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (databaseFaultOf(error) && this.longestLeaseMs > 0) this.owe(table, key, { key, workerId, heldUntil: new Date(Date.now() + this.longestLeaseMs) });
      throw error;
    }
  }

  /** Runs `claim`, which leases rows for `workerId` until `until`; when it fails for a database fault, owes those rows (and still throws). */
  async oweClaimOnFault<T>(table: LeaseTable, workerId: string, until: Date, claim: () => Promise<T>): Promise<T> {
    try {
      return await claim();
    } catch (error) {
      if (databaseFaultOf(error)) this.owe(table, `claim ${workerId} ${until.toISOString()}`, { workerId, heldUntil: until });
      throw error;
    }
  }

  private owe(table: LeaseTable, id: string, release: OwedRelease): void {
    this.owed.get(table)!.set(id, release);
    this.timer ??= setInterval(() => void this.retry(), OWED_RELEASE_RETRY_MS).unref();
  }

  /** Stops retrying (the store closes; leases still owed expire by themselves). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async retry(): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    try {
      await this.releaseStillOwed();
    } finally {
      this.retrying = false;
    }
  }

  private async releaseStillOwed(): Promise<void> {
    const now = Date.now();
    for (const [table, owed] of this.owed) {
      for (const [id, release] of owed) if (release.heldUntil.getTime() <= now) owed.delete(id);
      if (owed.size === 0) continue;
      const entries = [...owed];
      try {
        await this.release(table, entries.map(([, release]) => release));
        for (const [id, release] of entries) if (owed.get(id) === release) owed.delete(id);
      } catch {
        // still down: the next tick tries again
      }
    }
    if ([...this.owed.values()].every((owed) => owed.size === 0)) this.stop();
  }
}
