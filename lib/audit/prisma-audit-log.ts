// The audit log on the app's database (AuditEntry). Append-only by construction: this module inserts and reads,
// and nothing in Flowdeck updates or deletes a row (test/audit checks the routes cannot).
import type { DbClient } from '../db/client';
import type { WorkflowStore } from '../engine/store';
import { groupedAuditAppend } from './grouped-audit-append';
import type { AuditSink } from './audit-log';
import { toAuditRow, toAuditView, type AuditEntryView } from './audit-entry';
import type { AuditFilter, AuditPage } from './audit-filter';

/** One page of entries, newest first, with how many match in all. */
export interface AuditListing {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

/** The audit log: append (recordAudit's sink), and the filtered reads of the Audit page and its export. */
export interface AuditLog extends AuditSink {
  list(filter: AuditFilter, page: AuditPage): Promise<AuditListing>;
  /** Every matching entry, newest first, in batches (for exports of any size). */
  each(filter: AuditFilter): AsyncIterable<AuditEntryView>;
}

/** How many rows an export reads at a time. */
const EXPORT_BATCH = 500;

/**
 * The audit log in the AuditEntry table; given the app's SQLite or PostgreSQL store, rows are appended in its group commit
 * (grouped-audit-append.ts), else one Prisma insert each.
 */
export function createAuditLog(prisma: DbClient, store?: WorkflowStore): AuditLog {
  const grouped = groupedAuditAppend(store);
  return {
    async append(input) {
      const row = toAuditRow(input);
      await (grouped ? grouped(row) : prisma.auditEntry.create({ data: row }));
    },
    async list(filter, { page, pageSize }) {
      const where = whereOf(filter);
      const [rows, total] = await Promise.all([
        prisma.auditEntry.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
        prisma.auditEntry.count({ where }),
      ]);
      return { entries: rows.map(toAuditView), total, page, pageSize };
    },
    async *each(filter) {
      const where = whereOf(filter);
      let after: { at: Date; id: string } | undefined;
      for (;;) {
        const rows = await prisma.auditEntry.findMany({
          where: after ? { AND: [where, { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] }] } : where,
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          take: EXPORT_BATCH,
        });
        for (const row of rows) yield toAuditView(row);
        if (rows.length < EXPORT_BATCH) return;
        const last = rows[rows.length - 1];
        after = { at: last.at, id: last.id };
      }
    },
  };
}

function whereOf(filter: AuditFilter) {
  const family = filter.action?.endsWith('.*') ? filter.action.slice(0, -1) : undefined;
  return {
    ...(filter.actor !== undefined && { actorName: filter.actor }),
    ...(filter.action !== undefined && (family ? { action: { startsWith: family } } : { action: filter.action })),
    ...(filter.instanceId !== undefined && { instanceId: filter.instanceId }),
    ...(filter.outcome !== undefined && { outcome: filter.outcome }),
    ...((filter.from || filter.to) && { at: { ...(filter.from && { gte: filter.from }), ...(filter.to && { lt: filter.to }) } }),
  };
}
