// The dashboard's reads through Prisma (which owns the schema): listing, counts and the approvals inbox for both
// databases, and recursive purge on PostgreSQL; the SQL stores delegate these to it.
import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import type { Prisma } from '../db/generated/sqlite/client';
import { InstanceNotFoundError, InvalidInstanceStatusError } from '../engine/errors';
import { isPurgeableStatus, PURGEABLE_STATUSES, type RuntimeStatus } from '../engine/runtime-status';
import type { DashboardStore, InstanceCountQuery, InstancePage, InstanceQuery, InstanceRecord } from '../engine/store';
import { encodeCursor } from './cursor';
import { afterCursor, instanceFilter } from './prisma-instance-query';
import { toInstanceRecord } from './row-mapping';
import { deleteInstanceData } from './prisma-writes';
import { sqliteGateFor, withBusyRetry, type SqliteGate } from './sqlite-gate';

/** Interactive transactions: wait long for the connection under load, but never hold one for long. */
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/**
 * What the fast stores leave to Prisma: the dashboard's reads (listing, counts, the approvals inbox) and
 * recursive purge. The caller owns the client (and its $disconnect). On SQLite every operation runs through
 * the client's gate, because the adapter's single connection would otherwise mix concurrent queries into an
 * open transaction.
 */
export class PrismaReads implements Pick<DashboardStore, 'listInstances' | 'countInstancesByStatus' | 'listInstancesWaitingForEvents' | 'purgeInstance'> {
  private readonly gate: SqliteGate | undefined;

  constructor(
    private readonly db: DbClient,
    private readonly dialect: Dialect,
  ) {
    if (dialect === 'sqlite') this.gate = sqliteGateFor(db);
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

  async countInstancesByStatus(query: InstanceCountQuery): Promise<Partial<Record<RuntimeStatus, number>>> {
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
      const live = doomed.find((r) => !isPurgeableStatus(r.status as RuntimeStatus));
      if (live) throw new InvalidInstanceStatusError(live.instanceId, 'purge', live.status as RuntimeStatus, PURGEABLE_STATUSES);
      await deleteInstanceData(tx, doomed.map((r) => r.instanceId));
      return doomed.length;
    });
  }

  /** Waits for the operations in flight; the client stays open (its owner disconnects it). */
  async close(): Promise<void> {
    await this.run(async () => undefined);
  }

  private run<T>(operation: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.run(() => withBusyRetry(operation)) : operation();
  }

  private transaction<T>(body: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.run(() => this.db.$transaction(body, TX_OPTIONS));
  }
}

function mergeByCreation<T extends { createdAt: Date; instanceId: string }>(rows: T[], order: 'asc' | 'desc'): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return rows.sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.instanceId < b.instanceId ? -1 : 1)));
}
