// InstanceQuery (filters, order, cursor, columns) as Prisma where/orderBy/select clauses that the schema's indexes serve.
import type { Dialect } from '../db/config';
import type { Prisma } from '../db/generated/sqlite/client';
import type { InstanceQuery } from '../engine/store';
import { decodeCursor } from './cursor';
import { INSTANCE_SUMMARY_COLUMNS } from './row-mapping';

type Where = Prisma.WorkflowInstanceWhereInput;

/** The select clause of the summary columns: a listing that reads no payload. */
export const SUMMARY_SELECT = Object.fromEntries(INSTANCE_SUMMARY_COLUMNS.map((column) => [column, true])) as {
  [C in (typeof INSTANCE_SUMMARY_COLUMNS)[number]]: true;
};

/** The summary columns and `waitingOn`: a preview's row (its input preview is read on its own, see PrismaReads). */
export const PREVIEW_SELECT = { ...SUMMARY_SELECT, waitingOn: true } as const;

/** The filters of a query (status, name, ID prefix, creation range, parent) as a where clause. */
export function instanceFilter(query: Omit<InstanceQuery, 'cursor' | 'limit' | 'order'>, dialect: Dialect): Where[] {
  const where: Where[] = [];
  if (query.statuses?.length) where.push({ status: { in: query.statuses } });
  if (query.name) where.push({ name: query.name });
  if (query.idPrefix) where.push({ instanceId: prefixRange(query.idPrefix, dialect) });
  if (query.createdFrom) where.push({ createdAt: { gte: query.createdFrom } });
  if (query.createdTo) where.push({ createdAt: { lte: query.createdTo } });
  if (query.parentInstanceId) where.push({ parentInstanceId: query.parentInstanceId });
  return where;
}

/**
 * IDs starting with `prefix`. SQLite's LIKE ignores case, so there the prefix becomes the binary range
 * [prefix, prefix with its last character incremented), which the primary key index serves.
 */
function prefixRange(prefix: string, dialect: Dialect): Prisma.StringFilter {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  if (dialect === 'postgresql' || last >= 0x10ffff) return { startsWith: prefix };
  return { gte: prefix, lt: chars.join('') + String.fromCodePoint(last + 1) };
}

/** Rows after the cursor's (createdAt, instanceId) in the query's order. */
export function afterCursor(cursor: string, order: 'asc' | 'desc'): Where {
  const after = decodeCursor(cursor);
  const createdAt = new Date(after.createdAt);
  const beyond = order === 'desc' ? 'lt' : 'gt';
  // The redundant bound on createdAt alone lets the createdAt indexes serve the range despite the OR.
  const bound = order === 'desc' ? 'lte' : 'gte';
  return { createdAt: { [bound]: createdAt }, OR: [{ createdAt: { [beyond]: createdAt } }, { createdAt, instanceId: { [beyond]: after.instanceId } }] };
}
