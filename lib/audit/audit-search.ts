// The Audit page's filters in its URL (what a link or Back restores) and the API query they make. Pure: the page,
// its tests and the export links share it.

/** The filters of the Audit page, as text (empty ones absent); page is 1-based. */
export interface AuditSearch {
  actor?: string;
  action?: string;
  instanceId?: string;
  outcome?: string;
  /** ISO times: entries at or after `from`, before `to`. */
  from?: string;
  to?: string;
  page?: number;
}

const KEYS = ['actor', 'action', 'instanceId', 'outcome', 'from', 'to'] as const;

/** The actions the page offers to filter by (the families end in .*). */
export const AUDIT_ACTIONS = [
  'instance.*', 'instance.start', 'instance.raise', 'instance.pause', 'instance.resume', 'instance.terminate', 'instance.purge', 'instance.rerun',
  'bulk.*', 'bulk-job.*', 'bulk-job.start', 'bulk-job.cancel', 'approval.*', 'token.*', 'user.*', 'auth.*', 'auth.sign-in', 'auth.sign-out', 'auth.sign-in-failed', 'webhook.*',
] as const;

/** The filters a URL's query holds (unknown parameters ignored, a bad page is page 1). */
export function auditSearchFrom(params: URLSearchParams): AuditSearch {
  const search: AuditSearch = {};
  for (const key of KEYS) {
    const value = params.get(key)?.trim();
    if (value) search[key] = value;
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) search.page = page;
  return search;
}

/** The URL query of `search` (page 1 left out); the API takes the same parameters. */
export function auditSearchToParams(search: AuditSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (search[key]) params.set(key, search[key]);
  if (search.page && search.page > 1) params.set('page', String(search.page));
  return params;
}

/** The export's URL for `search` (its filters, not its page). */
export function auditExportHref(search: AuditSearch, format: 'csv' | 'json'): string {
  const params = auditSearchToParams({ ...search, page: undefined });
  params.set('format', format);
  return `/api/audit/export?${params}`;
}

/** How many pages `total` entries fill at `pageSize` (at least 1). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
