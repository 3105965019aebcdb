// The dashboard's reads through Prisma (which owns the schema): listing, counts and the approvals inbox, for both
// databases; the SQL stores delegate these to it.
import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import type { RuntimeStatus } from '../engine/runtime-status';
import type { DashboardStore, InstanceCountQuery, InstancePage, InstanceQuery, InstanceRecord } from '../engine/store';
import { encodeCursor } from './cursor';
import { afterCursor, instanceFilter } from './prisma-instance-query';
import { toInstanceRecord } from './row-mapping';
import { sqliteGateFor, withBusyRetry, type SqliteGate } from './sqlite-gate';

/**
 * What the SQL stores leave to Prisma: the dashboard's reads (listing, counts, the approvals inbox), whose
 * filters Prisma's query builder composes. The caller owns the client (and its $disconnect). On SQLite
 * every operation runs through the client's gate, because the adapter's single connection would otherwise
 * mix concurrent queries into an open transaction.
 */
export class PrismaReads implements Pick<DashboardStore, 'listInstances' | 'countInstancesByStatus' | 'listInstancesWaitingForEvents'> {
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

  /** Waits for the operations in flight; the client stays open (its owner disconnects it). */
  async close(): Promise<void> {
    await this.run(async () => undefined);
  }

  private run<T>(operation: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.run(() => withBusyRetry(operation)) : operation();
  }
}

function mergeByCreation<T extends { createdAt: Date; instanceId: string }>(rows: T[], order: 'asc' | 'desc'): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return rows.sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.instanceId < b.instanceId ? -1 : 1)));
}
