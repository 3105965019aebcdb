import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import type { Prisma } from '../db/generated/sqlite/client';
import { InstanceAlreadyExistsError, InstanceNotFoundError, InvalidInstanceStatusError, LeaseLostError } from '../engine/errors';
import type { SequencedHistoryEvent } from '../engine/history-events';
import { isTerminalStatus, type RuntimeStatus } from '../engine/runtime-status';
import type {
  ActivityTaskRecord,
  InstancePage,
  InstanceQuery,
  InstanceRecord,
  NewInboxMessage,
  NewInstance,
  WorkflowStepCommit,
  WorkflowStore,
  WorkflowWorkItem,
} from '../engine/store';
import { encodeCursor } from './cursor';
import { isUniqueViolation } from './db-errors';
import { claimActivityTaskRows, claimInstanceRows, renewActivityTaskLeases, visibleMessageRows } from './prisma-claims';
import { afterCursor, instanceFilter } from './prisma-instance-query';
import { INBOX_COLUMNS, inboxValues, INSTANCE_COLUMNS, toActivityTask, toInboxMessage, toInstanceRecord, toSequencedEvent, type InstanceRow } from './prisma-rows';
import { writeStepCommit } from './prisma-step-commit';
import { deleteInstanceData, insertInstance, insertMessages, statusOf } from './prisma-writes';
import { insertRows, sql } from './sql';
import { sqliteGateFor, withBusyRetry, type SqliteGate } from './sqlite-gate';
import { SqliteStore } from './sqlite-store';
import { PostgresStore } from './postgres-store';

const PURGEABLE: RuntimeStatus[] = ['COMPLETED', 'FAILED', 'TERMINATED'];

/** Interactive transactions: wait long for the connection under load, but never hold one for long. */
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/** One write in its own transaction. */
type Write = (tx: Prisma.TransactionClient) => Promise<void>;

/**
 * The WorkflowStore on a Prisma client: PostgreSQL's store, and on SQLite the dashboard's reads (listing,
 * counts) behind SqliteStore. The caller owns the client (and its $disconnect). On SQLite every operation
 * runs through one gate, because the adapter's single connection would otherwise mix concurrent queries
 * into an open transaction.
 */
export class PrismaStore implements WorkflowStore {
  private readonly gate: SqliteGate | undefined;

  constructor(
    private readonly db: DbClient,
    private readonly dialect: Dialect,
  ) {
    if (dialect === 'sqlite') this.gate = sqliteGateFor(db);
  }

  async createInstance(instance: NewInstance): Promise<void> {
    try {
      await this.write(async (tx) => {
        const existing = await statusOf(tx, instance.instanceId);
        if (existing && !isTerminalStatus(existing)) throw new InstanceAlreadyExistsError(instance.instanceId, existing);
        await insertInstance(tx, instance, existing !== undefined, new Date());
      });
    } catch (error) {
      // Two creators raced for a new ID (PostgreSQL): the loser sees the winner's row.
      if (!isUniqueViolation(error)) throw error;
      const status = await this.run(() => statusOf(this.db, instance.instanceId));
      throw new InstanceAlreadyExistsError(instance.instanceId, status ?? 'PENDING');
    }
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    const [row] = await this.run(() =>
      this.db.$queryRaw<InstanceRow[]>`SELECT ${INSTANCE_COLUMNS} FROM "WorkflowInstance" WHERE "instanceId" = ${instanceId}`,
    );
    return row ? toInstanceRecord(row) : undefined;
  }

  async getHistory(instanceId: string, options: { fromSequence?: number; limit?: number } = {}): Promise<SequencedHistoryEvent[]> {
    const limit = options.limit === undefined ? sql`` : sql`LIMIT ${options.limit}`;
    const rows = await this.run(() =>
      this.db.$queryRaw<{ sequence: number; data: string }[]>`
        SELECT "sequence", "data" FROM "HistoryEvent" WHERE "instanceId" = ${instanceId} AND "sequence" >= ${options.fromSequence ?? 0}
        ORDER BY "sequence" ${limit}`,
    );
    return rows.map(toSequencedEvent);
  }

  async sendMessage(message: NewInboxMessage, operation: string, allowed: readonly RuntimeStatus[]): Promise<void> {
    await this.write(async (tx) => {
      const status = await statusOf(tx, message.instanceId);
      if (!status) throw new InstanceNotFoundError(message.instanceId);
      if (!allowed.includes(status)) throw new InvalidInstanceStatusError(message.instanceId, operation, status, allowed);
      await insertRows(tx, 'InboxMessage', INBOX_COLUMNS, [inboxValues(message, new Date())]);
    });
  }

  async claimWorkflowWorkItems(workerId: string, limit: number, leaseMs: number, now: Date): Promise<WorkflowWorkItem[]> {
    return this.run(async () => {
      const rows = await claimInstanceRows(this.db, this.dialect, workerId, limit, leaseMs, now);
      if (rows.length === 0) return [];
      const messages = await visibleMessageRows(this.db, rows.map((r) => r.instanceId), now);
      return rows.map((row) => ({
        instance: toInstanceRecord(row),
        messages: messages.filter((m) => m.instanceId === row.instanceId).map(toInboxMessage),
      }));
    });
  }

  async commitWorkflowStep(workerId: string, commit: WorkflowStepCommit): Promise<void> {
    await this.write((tx) => writeStepCommit(tx, workerId, commit, new Date()));
  }

  async abandonWorkflowWorkItem(workerId: string, instanceId: string): Promise<void> {
    await this.run(() =>
      this.db.workflowInstance.updateMany({ where: { instanceId, lockedBy: workerId }, data: { lockedBy: null, lockExpiresAt: null } }),
    );
  }

  async claimActivityTasks(workerId: string, limit: number, leaseMs: number, now: Date): Promise<ActivityTaskRecord[]> {
    const rows = await this.run(() => claimActivityTaskRows(this.db, this.dialect, workerId, limit, leaseMs, now));
    return rows.map(toActivityTask);
  }

  async renewActivityLeases(workerId: string, taskIds: number[], leaseMs: number, now: Date): Promise<number[]> {
    return this.run(() => renewActivityTaskLeases(this.db, workerId, taskIds, leaseMs, now));
  }

  async completeActivityTask(workerId: string, taskRowId: number, result: NewInboxMessage): Promise<void> {
    await this.write(async (tx) => {
      const [task] = await tx.$queryRaw<{ instanceId: string }[]>`
        DELETE FROM "ActivityTask" WHERE "id" = ${taskRowId} AND "lockedBy" = ${workerId} RETURNING "instanceId"`;
      if (!task) throw new LeaseLostError(`activity task ${taskRowId}`);
      // A task row lives only as long as its instance (purge and replacement delete both together).
      await insertMessages(tx, [result], new Set([task.instanceId]), new Date());
    });
  }

  async releaseLeases(workerId: string): Promise<void> {
    const released = { lockedBy: null, lockExpiresAt: null };
    await this.run(() =>
      this.db.$transaction([
        this.db.workflowInstance.updateMany({ where: { lockedBy: workerId }, data: released }),
        this.db.activityTask.updateMany({ where: { lockedBy: workerId }, data: released }),
      ]),
    );
  }

  async nextVisibleAt(now: Date): Promise<Date | undefined> {
    const query = { where: { visibleAt: { gt: now } }, orderBy: { visibleAt: 'asc' as const }, select: { visibleAt: true } };
    const [message, task] = await this.run(() => Promise.all([this.db.inboxMessage.findFirst(query), this.db.activityTask.findFirst(query)]));
    const times = [message?.visibleAt, task?.visibleAt].filter((t): t is Date => t !== undefined);
    return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : undefined;
  }

  async listInstances(query: InstanceQuery): Promise<InstancePage> {
    const order = query.order ?? 'desc';
    const take = query.limit + 1;
    const orderBy = [{ createdAt: order }, { instanceId: order }];
    // SQLite sorts every matching row for `status IN (...)`; one ordered index read per status, merged, does not.
    const perStatus = this.dialect === 'sqlite' && (query.statuses?.length ?? 0) > 1;
    const where = instanceFilter(perStatus ? { ...query, statuses: undefined } : query, this.dialect);
    if (query.cursor) where.push(afterCursor(query.cursor, order));
    const reads = perStatus ? [...new Set(query.statuses)].map((status) => [...where, { status }]) : [where];
    const pages = await this.run(() => Promise.all(reads.map((and) => this.db.workflowInstance.findMany({ where: { AND: and }, orderBy, take }))));
    const rows = pages.length === 1 ? pages[0] : mergeByCreation(pages.flat(), order).slice(0, take);
    const items = rows.slice(0, query.limit).map(toInstanceRecord);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
  }

  async countInstancesByStatus(query: Omit<InstanceQuery, 'statuses' | 'cursor' | 'limit' | 'order'>) {
    const groups = await this.run(() =>
      this.db.workflowInstance.groupBy({ by: ['status'], where: { AND: instanceFilter(query, this.dialect) }, _count: { _all: true } }),
    );
    const counts: Partial<Record<RuntimeStatus, number>> = {};
    for (const g of groups) counts[g.status as RuntimeStatus] = g._count._all;
    return counts;
  }

  async listInstancesWaitingForEvents(limit: number): Promise<InstanceRecord[]> {
    const rows = await this.run(() =>
      this.db.workflowInstance.findMany({
        where: { waitingForEventSince: { not: null } },
        orderBy: [{ waitingForEventSince: 'desc' }, { instanceId: 'asc' }],
        take: limit,
      }),
    );
    return rows.map(toInstanceRecord);
  }

  async purgeInstance(instanceId: string, recursive: boolean): Promise<number> {
    return this.transaction(async (tx) => {
      const root = await tx.workflowInstance.findUnique({ where: { instanceId }, select: { instanceId: true, status: true } });
      if (!root) throw new InstanceNotFoundError(instanceId);
      const doomed = [root];
      for (let level = [root.instanceId]; recursive && level.length; ) {
        const children = await tx.workflowInstance.findMany({ where: { parentInstanceId: { in: level } }, select: { instanceId: true, status: true } });
        doomed.push(...children);
        level = children.map((c) => c.instanceId);
      }
      const live = doomed.find((r) => !isTerminalStatus(r.status as RuntimeStatus));
      if (live) throw new InvalidInstanceStatusError(live.instanceId, 'purge', live.status as RuntimeStatus, PURGEABLE);
      await deleteInstanceData(tx, doomed.map((r) => r.instanceId));
      return doomed.length;
    });
  }

  async appendActivityLog(instanceId: string, taskId: number, message: string, at: Date): Promise<void> {
    await this.run(() => this.db.activityLog.createMany({ data: [{ instanceId, taskId, message, createdAt: at }] }));
  }

  async getActivityLogs(instanceId: string): Promise<{ taskId: number; message: string; createdAt: Date }[]> {
    return this.run(() =>
      this.db.activityLog.findMany({ where: { instanceId }, orderBy: { id: 'asc' }, select: { taskId: true, message: true, createdAt: true } }),
    );
  }

  /** Waits for the operations in flight; the client stays open (its owner disconnects it). */
  async close(): Promise<void> {
    await this.run(async () => undefined);
  }

  private run<T>(operation: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.run(() => withBusyRetry(operation)) : operation();
  }

  private write(body: Write): Promise<void> {
    return this.transaction(body);
  }

  private transaction<T>(body: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.run(() => this.db.$transaction(body, TX_OPTIONS));
  }
}

/**
 * The WorkflowStore on `prisma` for the given dialect: on SQLite a SqliteStore (prepared statements on its own
 * connection to the same file, Prisma for listing), on PostgreSQL a PostgresStore (prepared statements on
 * `pg` pools of its own to the same database, Prisma for listing and purging).
 */
export function createPrismaStore(prisma: DbClient, dialect: Dialect): WorkflowStore {
  const store = new PrismaStore(prisma, dialect);
  return dialect === 'sqlite' ? new SqliteStore(prisma, store) : new PostgresStore(prisma, store);
}

function mergeByCreation<T extends { createdAt: Date; instanceId: string }>(rows: T[], order: 'asc' | 'desc'): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return rows.sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.instanceId < b.instanceId ? -1 : 1)));
}
