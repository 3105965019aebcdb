import { isRuntimeStatus, type RuntimeStatus } from '@/lib/engine/runtime-status';

/** What the instances page filters and sorts by; kept in the page's URL so a view can be shared. */
export interface InstanceFilters {
  statuses: RuntimeStatus[];
  name?: string;
  idPrefix?: string;
  /** ISO-8601 lower bound of createdAt (inclusive). */
  createdFrom?: string;
  /** ISO-8601 upper bound of createdAt. */
  createdTo?: string;
  order: 'desc' | 'asc';
  /** Opaque cursor of the page shown (absent: the first page). */
  cursor?: string;
}

/** No filters, newest first, first page. */
export const DEFAULT_FILTERS: InstanceFilters = { statuses: [], order: 'desc' };

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
  return {
    statuses: [...new Set(statuses)],
    name: text('name'),
    idPrefix: text('id'),
    createdFrom: time('from'),
    createdTo: time('to'),
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    cursor: text('cursor'),
  };
}

/** Writes filters as a page URL's query string (only what differs from the defaults). */
export function filtersToSearch(filters: InstanceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  if (filters.name) params.set('name', filters.name);
  if (filters.idPrefix) params.set('id', filters.idPrefix);
  if (filters.createdFrom) params.set('from', filters.createdFrom);
  if (filters.createdTo) params.set('to', filters.createdTo);
  if (filters.order === 'asc') params.set('order', 'asc');
  if (filters.cursor) params.set('cursor', filters.cursor);
  return params;
}

/** The query string of GET /api/instances for these filters and a page size. */
export function filtersToApiQuery(filters: InstanceFilters, limit: number): URLSearchParams {
  const params = new URLSearchParams({ limit: String(limit), order: filters.order });
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  if (filters.name) params.set('name', filters.name);
  if (filters.idPrefix) params.set('idPrefix', filters.idPrefix);
  if (filters.createdFrom) params.set('createdFrom', filters.createdFrom);
  if (filters.createdTo) params.set('createdTo', filters.createdTo);
  if (filters.cursor) params.set('cursor', filters.cursor);
  return params;
}
