import { isRuntimeStatus, type RuntimeStatus } from '@/lib/engine/runtime-status';

/** What the list sorts by (GET /api/instances's `sort`). */
export type InstanceSortKey = 'created' | 'updated' | 'completed' | 'duration' | 'name' | 'status';
/** Every sort, in the order the sort menu lists them. */
export const SORT_KEYS: readonly InstanceSortKey[] = ['created', 'updated', 'completed', 'duration', 'name', 'status'];

/** What the list can filter waits by: an event, activity, child, timer, or a worker that is not connected. */
export type WaitingFilterKind = 'event' | 'activity' | 'child' | 'timer' | 'worker';
const WAITING_KINDS: readonly WaitingFilterKind[] = ['event', 'activity', 'child', 'timer', 'worker'];

/** A duration as the API's waitingLongerThan takes it: a whole number and a unit (90s, 15m, 1h, 2d). */
export const DURATION_TEXT = /^(0|[1-9][0-9]{0,12})(ms|s|m|h|d)$/;

/** What the instances page filters and sorts by; kept in the page's URL so a view can be shared. */
export interface InstanceFilters {
  statuses: RuntimeStatus[];
  name?: string;
  /** Text the instance ID contains (ignoring case). */
  idText?: string;
  /** ISO-8601 bounds (inclusive) of createdAt, lastUpdatedAt and completedAt. */
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  completedFrom?: string;
  completedTo?: string;
  /** Only top-level instances. */
  topLevel?: boolean;
  /** Only children of this instance. */
  parentId?: string;
  waitingKind?: WaitingFilterKind;
  /** The event, activity or child workflow name waited on (with waitingKind). */
  waitingName?: string;
  /** Waiting for longer than this (a DURATION_TEXT). */
  waitingOver?: string;
  /** Text the failure's type or message contains. */
  failureText?: string;
  sort: InstanceSortKey;
  order: 'desc' | 'asc';
  /** Opaque cursor of the page shown (absent: the first page). */
  cursor?: string;
}

/** No filters, newest first, first page. */
export const DEFAULT_FILTERS: InstanceFilters = { statuses: [], sort: 'created', order: 'desc' };

/** Each time range filter: its field and its key in the page URL. */
const TIME_KEYS = [
  ['createdFrom', 'from'],
  ['createdTo', 'to'],
  ['updatedFrom', 'ufrom'],
  ['updatedTo', 'uto'],
  ['completedFrom', 'cfrom'],
  ['completedTo', 'cto'],
] as const;

/** Each text filter: its field, its key in the page URL and its API parameter. */
const TEXT_KEYS = [
  ['name', 'name', 'name'],
  ['idText', 'id', 'idContains'],
  ['parentId', 'parent', 'parentInstanceId'],
  ['waitingName', 'waitName', 'waitingName'],
  ['failureText', 'failure', 'failureText'],
] as const;

/** Reads filters from a page URL's query string; ignores unknown or malformed values. */
export function filtersFromSearch(params: URLSearchParams): InstanceFilters {
  const statuses = (params.get('status') ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(isRuntimeStatus);
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const time = (key: string) => {
    const value = text(key);
    return value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
  };
  const filters: InstanceFilters = { statuses: [...new Set(statuses)], sort: 'created', order: params.get('order') === 'asc' ? 'asc' : 'desc' };
  for (const [field, key] of TEXT_KEYS) if (text(key)) filters[field] = text(key);
  for (const [field, key] of TIME_KEYS) if (time(key)) filters[field] = time(key);
  if (params.get('top') === '1' && !filters.parentId) filters.topLevel = true;
  const wait = text('wait') as WaitingFilterKind | undefined;
  if (wait && WAITING_KINDS.includes(wait)) filters.waitingKind = wait;
  if (!filters.waitingKind || filters.waitingKind === 'worker') delete filters.waitingName;
  const over = text('waitOver');
  if (over && DURATION_TEXT.test(over) && filters.waitingKind !== 'worker') filters.waitingOver = over;
  const sort = text('sort') as InstanceSortKey | undefined;
  if (sort && SORT_KEYS.includes(sort)) filters.sort = sort;
  if (text('cursor')) filters.cursor = text('cursor');
  return filters;
}

/** Writes filters as a page URL's query string (only what differs from the defaults). */
export function filtersToSearch(filters: InstanceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  for (const [field, key] of TEXT_KEYS) if (filters[field]) params.set(key, filters[field]!);
  for (const [field, key] of TIME_KEYS) if (filters[field]) params.set(key, filters[field]!);
  if (filters.topLevel) params.set('top', '1');
  if (filters.waitingKind) params.set('wait', filters.waitingKind);
  if (filters.waitingOver) params.set('waitOver', filters.waitingOver);
  if (filters.sort !== 'created') params.set('sort', filters.sort);
  if (filters.order === 'asc') params.set('order', 'asc');
  if (filters.cursor) params.set('cursor', filters.cursor);
  return params;
}

/** The query string of GET /api/instances (or its export) for these filters, without page or cursor. */
export function filtersToApiFilter(filters: InstanceFilters): URLSearchParams {
  const params = new URLSearchParams({ sort: filters.sort, order: filters.order });
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  for (const [field, , api] of TEXT_KEYS) if (filters[field]) params.set(api, filters[field]!);
  for (const [field] of TIME_KEYS) if (filters[field]) params.set(field, filters[field]!);
  if (filters.topLevel) params.set('topLevel', 'true');
  if (filters.waitingKind) params.set('waitingKind', filters.waitingKind);
  if (filters.waitingOver) params.set('waitingLongerThan', filters.waitingOver);
  return params;
}

/** The query string of GET /api/instances for these filters and a page size. */
export function filtersToApiQuery(filters: InstanceFilters, limit: number): URLSearchParams {
  const params = filtersToApiFilter(filters);
  params.set('limit', String(limit));
  if (filters.cursor) params.set('cursor', filters.cursor);
  return params;
}

/** True when the filters differ from DEFAULT_FILTERS in anything but the page. */
export function hasFilters(filters: InstanceFilters): boolean {
  return filtersToSearch({ ...filters, cursor: undefined, sort: 'created', order: 'desc' }).toString() !== '';
}
