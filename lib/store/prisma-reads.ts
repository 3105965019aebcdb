// The dashboard's reads through Prisma (which owns the schema): listing, counts and the approvals inbox, for both
// databases; the SQL stores delegate these to it.
import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import { Prisma } from '../db/generated/sqlite/client';
import type { RuntimeStatus } from '../engine/runtime-status';
import {
  INPUT_PREVIEW_CHARS,
  type DashboardStore,
  type OperationsStore,
  type InstanceCountQuery,
  type InstanceNameStatusCount,
  type InstancePage,
  type InstancePreviewRecord,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceSummaryRecord,
} from '../engine/store';
import { encodeCursor } from './cursor';
import { compareBySort, sortNeedsFinished, sortValue, type SortableRow } from './instance-sort';
import { afterCursor, instanceFilter, PREVIEW_SELECT, sortOrder, SUMMARY_SELECT, textPostFilter, type TextFilteredRow } from './prisma-instance-query';
import { toInstancePreviewRecord, toInstanceRecord, toInstanceSummaryRecord, type InstanceSummaryRow } from './row-mapping';
import { sqliteGateFor, withBusyRetry, type SqliteGate } from './sqlite-gate';

type Where = Prisma.WorkflowInstanceWhereInput;

/** Rows one batch of a post-filtered listing reads (SQLite text filters holding a LIKE wildcard). */
const FILTERED_BATCH = 500;
type OrderBy = Prisma.WorkflowInstanceOrderByWithRelationInput[];

/** One ordered read of a listing: its filters, order and row count, as Prisma's findMany takes them. */
interface PageRead {
  where: Where;
  orderBy: OrderBy;
  take: number;
}

/**
 * What the SQL stores leave to Prisma: the dashboard's reads (listing, counts, the approvals inbox), whose
 * filters Prisma's query builder composes. Summary listings and the approvals inbox read no payload column (the
 * inbox reads the first INPUT_PREVIEW_CHARS characters of each input). The caller owns the client (and its
 * $disconnect). On SQLite every operation runs through the client's gate, because the adapter's single
 * connection would otherwise mix concurrent queries into an open transaction.
 */
export class PrismaReads implements Pick<DashboardStore, 'listInstances' | 'countInstancesByStatus' | 'listInstancesWaitingForEvents'>, Pick<OperationsStore, 'countInstancesByNameAndStatus'> {
  private readonly gate: SqliteGate | undefined;

  constructor(
    private readonly db: DbClient,
    private readonly dialect: Dialect,
  ) {
    if (dialect === 'sqlite') this.gate = sqliteGateFor(db);
  }

  listInstances(query: InstanceQuery & { columns: 'summary' }): Promise<InstancePage<InstanceSummaryRecord>>;
  listInstances(query: InstanceQuery & { columns: 'preview' }): Promise<InstancePage<InstancePreviewRecord>>;
  listInstances(query: InstanceQuery): Promise<InstancePage>;
  async listInstances(query: InstanceQuery): Promise<InstancePage<InstanceRecord | InstanceSummaryRecord | InstancePreviewRecord>> {
    const instances = this.db.workflowInstance;
    if (query.columns === 'summary') {
      const page = await this.page(query, (read) => instances.findMany({ ...read, select: SUMMARY_SELECT }));
      return { ...page, items: page.items.map(toInstanceSummaryRecord) };
    }
    if (query.columns === 'preview') {
      const page = await this.page(query, (read) => instances.findMany({ ...read, select: PREVIEW_SELECT }));
      return { ...page, items: await this.withInputPreviews(page.items) };
    }
    const page = await this.page(query, (read) => instances.findMany(read));
    return { ...page, items: page.items.map(toInstanceRecord) };
  }

  async countInstancesByStatus(query: InstanceCountQuery): Promise<Partial<Record<RuntimeStatus, number>>> {
    const exact = textPostFilter(query, this.dialect);
    if (exact) return this.countFiltered(query, exact);
    const groups = await this.run(() =>
      this.db.workflowInstance.groupBy({ by: ['status'], where: { AND: instanceFilter(query, this.dialect, 'count') }, _count: { _all: true } }),
    );
    const counts: Partial<Record<RuntimeStatus, number>> = {};
    for (const g of groups) counts[g.status as RuntimeStatus] = g._count._all;
    return counts;
  }

  async countInstancesByNameAndStatus(): Promise<InstanceNameStatusCount[]> {
    const groups = await this.run(() => this.db.workflowInstance.groupBy({ by: ['name', 'status'], _count: { _all: true } }));
    return groups.map((g) => ({ name: g.name, status: g.status as RuntimeStatus, count: g._count._all }));
  }

  /** Counts by status of the rows that pass `keep` among those the where clause matches (a superset). */
  private async countFiltered(query: InstanceCountQuery, keep: (row: TextFilteredRow) => boolean): Promise<Partial<Record<RuntimeStatus, number>>> {
    const rows = await this.run(() =>
      this.db.workflowInstance.findMany({
        where: { AND: instanceFilter(query, this.dialect, 'count') },
        select: { instanceId: true, status: true, failureType: true, failureMessage: true },
      }),
    );
    const counts: Partial<Record<RuntimeStatus, number>> = {};
    for (const row of rows) if (keep(row)) counts[row.status as RuntimeStatus] = (counts[row.status as RuntimeStatus] ?? 0) + 1;
    return counts;
  }

  async listInstancesWaitingForEvents(limit: number): Promise<InstancePreviewRecord[]> {
    const rows = await this.run(() =>
      this.db.workflowInstance.findMany({
        where: { waitingForEventSince: { not: null } },
        orderBy: [{ waitingForEventSince: 'asc' }, { instanceId: 'asc' }],
        take: limit,
        select: PREVIEW_SELECT,
      }),
    );
    return this.withInputPreviews(rows);
  }

  /** Waits for the operations in flight; the client stays open (its owner disconnects it). */
  async close(): Promise<void> {
    await this.run(async () => undefined);
  }

  /** One page of the listing, read by `find` (which picks the columns), with the cursor of the next page. */
  private async page<Row extends SortableRow>(query: InstanceQuery, find: (read: PageRead) => Promise<Row[]>): Promise<InstancePage<Row>> {
    const order = query.order ?? 'desc';
    const sort = query.sort ?? 'created';
    const take = query.limit + 1;
    const orderBy: OrderBy = sortOrder(sort, order);
    // SQLite sorts every matching row for `status IN (...)`; one ordered index read per status, merged, does not.
    const exact = textPostFilter(query, this.dialect);
    const perStatus = this.dialect === 'sqlite' && (query.statuses?.length ?? 0) > 1 && !exact;
    const filters = { ...query, finishedOnly: query.finishedOnly || sortNeedsFinished(sort) };
    const where = instanceFilter(perStatus ? { ...filters, statuses: undefined } : filters, this.dialect);
    if (query.cursor) where.push(afterCursor(query.cursor, sort, order));
    const cursorOf = (row: Row) => encodeCursor(row, sort, sort === 'created' ? undefined : sortValue(row, sort));
    let rows: Row[];
    if (exact) {
      rows = await this.readFiltered(where, orderBy, take, (row) => exact(row as Row & TextFilteredRow), (row) => afterCursor(cursorOf(row), sort, order), find);
    } else {
      const reads = perStatus ? [...new Set(query.statuses)].map((status) => [...where, { status }]) : [where];
      const pages = await this.run(() => Promise.all(reads.map((and) => find({ where: { AND: and }, orderBy, take }))));
      const sign = order === 'asc' ? 1 : -1;
      rows = pages.length === 1 ? pages[0] : pages.flat().sort((a, b) => sign * compareBySort(a, b, sort)).slice(0, take);
    }
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? cursorOf(last) : undefined };
  }

  /** Up to `take` rows that pass `keep`, read in ordered batches (each continuing after the last row read). */
  private async readFiltered<Row>(
    where: Where[],
    orderBy: OrderBy,
    take: number,
    keep: (row: Row) => boolean,
    after: (row: Row) => Where,
    find: (read: PageRead) => Promise<Row[]>,
  ): Promise<Row[]> {
    const kept: Row[] = [];
    let beyond: Where | undefined;
    for (;;) {
      const batch = await this.run(() => find({ where: { AND: beyond ? [...where, beyond] : where }, orderBy, take: FILTERED_BATCH }));
      kept.push(...batch.filter(keep));
      if (kept.length >= take || batch.length < FILTERED_BATCH) return kept.slice(0, take);
      beyond = after(batch[batch.length - 1]);
    }
  }

  /**
   * The preview records of `rows`, with the first INPUT_PREVIEW_CHARS characters of each input, cut by the
   * database (read just after the rows: an instance purged in between has no input preview).
   */
  private async withInputPreviews(rows: (InstanceSummaryRow & { waitingOn: string | null })[]): Promise<InstancePreviewRecord[]> {
    const ids = rows.map((row) => row.instanceId);
    const previews = ids.length
      ? await this.run(() =>
          this.db.$queryRaw<{ instanceId: string; inputPreview: string }[]>`
            SELECT "instanceId", substr("input", 1, ${INPUT_PREVIEW_CHARS}) AS "inputPreview" FROM "WorkflowInstance"
            WHERE "instanceId" IN (${Prisma.join(ids)}) AND "input" IS NOT NULL`,
        )
      : [];
    const previewOf = new Map(previews.map((p) => [p.instanceId, p.inputPreview]));
    return rows.map((row) => toInstancePreviewRecord(row, previewOf.get(row.instanceId) ?? null));
  }

  private run<T>(operation: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.run(() => withBusyRetry(operation)) : operation();
  }
}
