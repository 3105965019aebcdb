// The inbox's requests: which page it shows (kept in the URL), the query that refreshes with If-None-Match (an
// unchanged inbox costs a 304 and no body), and the decisions.
import { queryOptions } from '@tanstack/react-query';
import type { ApprovalListResponse, ApprovalRequestView } from '@/lib/approvals/approval-view';
import type { BulkDecisionResult } from '@/lib/api/approval-handlers';
import { ApiError } from './api-error';
import { fetchJson, postJson } from './fetch-json';

/** Which requests the inbox shows. */
export interface InboxFilters {
  /** mine: assigned to me (or to nobody); all: every pending one; decided and closed: the record. */
  tab: 'mine' | 'all' | 'decided' | 'closed' | 'waiting';
  workflow?: string;
  assignee?: string;
  due?: 'overdue' | 'soon' | 'none';
  offset: number;
}

/** Requests per inbox page. */
export const INBOX_PAGE_SIZE = 25;

const TABS = ['mine', 'all', 'decided', 'closed', 'waiting'] as const;
const DUES = ['overdue', 'soon', 'none'] as const;

/** The filters a URL's query says (unknown values fall back to the defaults; `defaultTab` when none is given). */
export function inboxFiltersOf(params: URLSearchParams, defaultTab: InboxFilters['tab']): InboxFilters {
  const tab = TABS.find((t) => t === params.get('tab')) ?? defaultTab;
  const due = DUES.find((d) => d === params.get('due'));
  const offset = Number(params.get('offset'));
  return {
    tab,
    ...(params.get('workflow') ? { workflow: params.get('workflow')! } : {}),
    ...(params.get('assignee') ? { assignee: params.get('assignee')! } : {}),
    ...(due ? { due } : {}),
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The URL query of `filters` (defaults left out). */
export function inboxSearch(filters: InboxFilters): string {
  const params = new URLSearchParams();
  params.set('tab', filters.tab);
  if (filters.workflow) params.set('workflow', filters.workflow);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.due) params.set('due', filters.due);
  if (filters.offset) params.set('offset', String(filters.offset));
  return `?${params}`;
}

/** The API path of a page of requests under `filters`. */
export function inboxApiPath(filters: InboxFilters): string {
  const params = new URLSearchParams();
  params.set('view', filters.tab === 'mine' ? 'mine' : 'all');
  params.set('status', filters.tab === 'decided' || filters.tab === 'closed' ? filters.tab : 'pending');
  if (filters.workflow) params.set('workflow', filters.workflow);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.due) params.set('due', filters.due);
  params.set('limit', String(INBOX_PAGE_SIZE));
  params.set('offset', String(filters.offset));
  return `/api/approvals?${params}`;
}

/** The last answer and its ETag per path: a refresh sends If-None-Match and keeps this body on a 304. */
const lastAnswers = new Map<string, { etag: string; body: ApprovalListResponse }>();

/** GETs a page, revalidating with the last ETag (the server answers 304 with no body when nothing changed). */
async function fetchPage(path: string, signal: AbortSignal): Promise<ApprovalListResponse> {
  const last = lastAnswers.get(path);
  const response = await fetch(path, { signal, credentials: 'same-origin', cache: 'no-store', headers: last ? { 'If-None-Match': last.etag } : {} }).catch((error: unknown) => {
    throw new ApiError(0, 'NETWORK', `The server could not be reached (${error instanceof Error ? error.message : String(error)})`);
  });
  if (response.status === 304 && last) return last.body;
  if (!response.ok) return fetchJson<ApprovalListResponse>(path, { signal });
  const body = (await response.json()) as ApprovalListResponse;
  const etag = response.headers.get('etag');
  if (etag) lastAnswers.set(path, { etag, body });
  return body;
}

/** The query of one inbox page. */
export function approvalRequestsQuery(filters: InboxFilters) {
  const path = inboxApiPath(filters);
  return queryOptions({ queryKey: ['approvals', 'requests', path] as const, queryFn: ({ signal }) => fetchPage(path, signal) });
}

/** Decides one request (throws the API's refusal: 409 ERR_APPROVAL_DECIDED says who decided first). */
export function decideRequest(id: string, decision: 'approve' | 'reject', comment: string): Promise<ApprovalRequestView> {
  return postJson(`/api/approvals/${encodeURIComponent(id)}/decision`, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
}

/** Decides several requests with one comment; answers each one's outcome. */
export function decideRequests(ids: string[], decision: 'approve' | 'reject', comment: string): Promise<{ results: BulkDecisionResult[]; decided: number; refused: number }> {
  return postJson('/api/approvals/decisions', { ids, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
}
