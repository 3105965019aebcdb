// The inbox's requests: which page it shows (kept in the URL), the query (refreshed with If-None-Match by
// fetchJson: an unchanged inbox costs a 304 and no body), and the decisions.
import { queryOptions } from '@tanstack/react-query';
import type { ApprovalListResponse, ApprovalRequestView } from '@/lib/approvals/approval-view';
import type { BulkDecisionResult } from '@/lib/api/approval-handlers';
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

/** The query of one inbox page. */
export function approvalRequestsQuery(filters: InboxFilters) {
  const path = inboxApiPath(filters);
  return queryOptions({ queryKey: ['approvals', 'requests', path] as const, queryFn: ({ signal }) => fetchJson<ApprovalListResponse>(path, { signal }) });
}

/** Decides one request (throws the API's refusal: 409 ERR_APPROVAL_DECIDED says who decided first). */
export function decideRequest(id: string, decision: 'approve' | 'reject', comment: string): Promise<ApprovalRequestView> {
  return postJson(`/api/approvals/${encodeURIComponent(id)}/decision`, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
}

/** Decides several requests with one comment; answers each one's outcome. */
export function decideRequests(ids: string[], decision: 'approve' | 'reject', comment: string): Promise<{ results: BulkDecisionResult[]; decided: number; refused: number }> {
  return postJson('/api/approvals/decisions', { ids, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
}
