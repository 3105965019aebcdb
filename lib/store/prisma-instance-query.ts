// InstanceQuery (filters, sort, cursor, columns) as Prisma where/orderBy/select clauses that the schema's indexes serve.
import type { Dialect } from '../db/config';
import type { Prisma } from '../db/generated/sqlite/client';
import type { InstanceQuery, InstanceSort } from '../engine/store';
import { decodeCursor } from './cursor';
import { INSTANCE_SUMMARY_COLUMNS } from './row-mapping';

type Where = Prisma.WorkflowInstanceWhereInput;
type OrderBy = Prisma.WorkflowInstanceOrderByWithRelationInput[];

/** The select clause of the summary columns: a listing that reads no payload. */
export const SUMMARY_SELECT = Object.fromEntries(INSTANCE_SUMMARY_COLUMNS.map((column) => [column, true])) as {
  [C in (typeof INSTANCE_SUMMARY_COLUMNS)[number]]: true;
};

/** The summary columns and `waitingOn`: a preview's row (its input preview is read on its own, see PrismaReads). */
export const PREVIEW_SELECT = { ...SUMMARY_SELECT, waitingOn: true } as const;

/** The column each sort orders by first (then createdAt, then instanceId). */
export const SORT_COLUMNS = {
  created: 'createdAt',
  updated: 'lastUpdatedAt',
  completed: 'completedAt',
  duration: 'durationMs',
  name: 'name',
  status: 'status',
} as const satisfies Record<InstanceSort, string>;

/** ORDER BY of a sort: its column, then createdAt, then instanceId, all in `order`. */
export function sortOrder(sort: InstanceSort, order: 'asc' | 'desc'): OrderBy {
  const first = SORT_COLUMNS[sort];
  return first === 'createdAt' ? [{ createdAt: order }, { instanceId: order }] : [{ [first]: order }, { createdAt: order }, { instanceId: order }];
}

/**
 * The filters of a query (everything but sort, order, paging and columns) as a where clause; `use` says whether it
 * reads a page (in the sort's index order) or counts by status (where a covering index serves best).
 */
export function instanceFilter(query: Omit<InstanceQuery, 'cursor' | 'limit' | 'order' | 'sort'>, dialect: Dialect, use: 'page' | 'count' = 'page'): Where[] {
  const where: Where[] = [];
  const range = (from: Date | undefined, to: Date | undefined) => ({ ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) });
  if (query.statuses?.length) where.push({ status: { in: query.statuses } });
  if (query.name) where.push({ name: query.name });
  if (query.excludeNames?.length) where.push({ name: { notIn: query.excludeNames } });
  if (query.idPrefix) where.push({ instanceId: prefixRange(query.idPrefix, dialect) });
  if (query.idContains) where.push({ instanceId: contains(query.idContains, dialect) });
  if (query.instanceIds) where.push({ instanceId: { in: query.instanceIds } });
  if (query.createdFrom || query.createdTo) where.push({ createdAt: range(query.createdFrom, query.createdTo) });
  if (query.updatedFrom || query.updatedTo) where.push({ lastUpdatedAt: range(query.updatedFrom, query.updatedTo) });
  if (query.completedFrom || query.completedTo) where.push({ completedAt: range(query.completedFrom, query.completedTo) });
  if (query.finishedOnly) where.push({ completedAt: { not: null } });
  if (query.parentInstanceId) where.push({ parentInstanceId: query.parentInstanceId });
  // SQLite, without statistics, reads a page's `IS NULL` from the parentInstanceId index (nearly every row) and sorts
  // them; NOT (… IS NOT NULL) keeps it on the sort's own index, where top-level rows are nearly all. A count is best
  // served by that (parentInstanceId, status) index alone.
  if (query.topLevel) where.push(dialect === 'sqlite' && use === 'page' ? { NOT: { parentInstanceId: { not: null } } } : { parentInstanceId: null });
  if (query.waitingKind) where.push({ waitingKind: query.waitingKind });
  if (query.waitingName) where.push({ waitingName: query.waitingName });
  if (query.waitingSinceBy) where.push({ waitingSince: { lte: query.waitingSinceBy } });
  // RUNNING, or PENDING and due; the statuses as a plain IN let the status index serve it as one range.
  if (query.dueBy) where.push({ status: { in: ['RUNNING', 'PENDING'] } }, { OR: [{ status: 'RUNNING' }, { scheduledStartAt: null }, { scheduledStartAt: { lte: query.dueBy } }] });
  if (query.failureType) where.push({ failureType: query.failureType });
  // Failure columns are written only with status FAILED (and cleared when an execution starts again): saying so lets
  // the status index narrow a text search, which no index serves, to failed instances.
  if (query.failureText) where.push({ status: 'FAILED' }, { OR: [{ failureType: contains(query.failureText, dialect) }, { failureMessage: contains(query.failureText, dialect) }] });
  return where;
}

/**
 * Text containing `text` ignoring case: ILIKE on PostgreSQL (with LIKE's wildcards escaped, backslash being its
 * default escape character); SQLite's LIKE already ignores the case of ASCII letters but has no escape character
 * without an ESCAPE clause, which Prisma does not write: there `%` and `_` stay wildcards and textPostFilter
 * drops the rows they match beyond the text.
 */
function contains(text: string, dialect: Dialect): Prisma.StringFilter {
  return dialect === 'postgresql' ? ({ contains: text.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' } as Prisma.StringFilter) : { contains: text };
}

/** The text columns a row of a text-filtered listing carries. */
export interface TextFilteredRow {
  instanceId: string;
  failureType?: string | null;
  failureMessage?: string | null;
}

/**
 * On SQLite, when a text filter holds a LIKE wildcard (`%` or `_`), the predicate that keeps only the rows
 * that really contain the text (ignoring case); undefined when the where clause is exact already.
 */
export function textPostFilter(query: Pick<InstanceQuery, 'idContains' | 'failureText'>, dialect: Dialect): ((row: TextFilteredRow) => boolean) | undefined {
  const wild = (text: string | undefined) => text !== undefined && /[%_]/.test(text);
  if (dialect !== 'sqlite' || !(wild(query.idContains) || wild(query.failureText))) return undefined;
  const has = (value: string | null | undefined, part: string) => value != null && value.toLowerCase().includes(part.toLowerCase());
  const { idContains, failureText } = query;
  return (row) =>
    (idContains === undefined || has(row.instanceId, idContains)) &&
    (failureText === undefined || has(row.failureType, failureText) || has(row.failureMessage, failureText));
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

/**
 * Rows after the cursor in the query's sort and order: (key, createdAt, instanceId) beyond the cursor's. Throws a
 * RangeError for a cursor that is not a cursor of this sort.
 */
export function afterCursor(cursor: string, sort: InstanceSort, order: 'asc' | 'desc'): Where {
  const after = decodeCursor(cursor);
  if ((after.sort ?? 'created') !== sort) throw new RangeError(`invalid cursor '${cursor}': it was made for sorting by ${after.sort ?? 'created'}, not ${sort}`);
  const createdAt = new Date(after.createdAt);
  const beyond = order === 'desc' ? 'lt' : 'gt';
  // The redundant bound on the first key alone lets its index serve the range despite the OR.
  const bound = order === 'desc' ? 'lte' : 'gte';
  const tail: Where[] = [{ createdAt: { [beyond]: createdAt } }, { createdAt, instanceId: { [beyond]: after.instanceId } }];
  if (sort === 'created') return { createdAt: { [bound]: createdAt }, OR: tail };
  const column = SORT_COLUMNS[sort];
  const value = sort === 'name' || sort === 'status' ? after.value : sort === 'duration' ? after.value : new Date(after.value as number);
  return { [column]: { [bound]: value }, OR: [{ [column]: { [beyond]: value } }, { [column]: value, OR: tail }] };
}
