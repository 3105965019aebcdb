'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRefreshInterval } from '@/lib/client/live-refresh';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import type { ApprovalRequestView } from '@/lib/approvals/approval-view';
import { errorMessage } from '@/lib/client/api-error';
import { approvalRequestsQuery, INBOX_PAGE_SIZE, inboxFiltersOf, inboxSearch, type InboxFilters } from '@/lib/client/approval-requests';
import { workflowsQuery } from '@/lib/client/queries';
import { usePermissions } from '@/lib/client/session';
import { useNow } from '@/lib/client/use-now';
import { ErrorBanner } from '@/components/ui/error-banner';
import { BulkDecisionBar } from './bulk-decision-bar';
import { RequestCard, type DecisionOutcome } from './request-card';
import { WaitingEventsView } from './waiting-events-view';

interface Notice {
  id: number;
  text: string;
  tone: 'ok' | 'warn' | 'error';
}

const TAB_LABELS: Record<InboxFilters['tab'], string> = {
  mine: 'Assigned to me',
  all: 'All open',
  decided: 'Decided',
  closed: 'Closed',
  waiting: 'Other waiting events',
};

/**
 * The approvals inbox: approval requests assigned to me or all open ones (overdue first, then by due time, then the
 * oldest), the decided and closed ones, and every other instance waiting for an event. Filters, tab and page live in
 * the URL; the list refreshes every 2 s with If-None-Match (a 304 when nothing changed).
 */
export function ApprovalsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const permissions = usePermissions();
  const role = permissions.session?.caller?.role;
  const key = params.toString();
  const filters = useMemo(() => inboxFiltersOf(new URLSearchParams(key), role === 'approver' ? 'mine' : 'all'), [key, role]);
  const setFilters = (next: InboxFilters) => router.push(`${pathname}${inboxSearch(next)}`, { scroll: false });
  const client = useQueryClient();
  const liveMs = useRefreshInterval(2000);
  const page = useQuery({ ...approvalRequestsQuery(filters), refetchInterval: liveMs, enabled: filters.tab !== 'waiting' });
  const workflows = useQuery(workflowsQuery());
  const now = useNow();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [notices, setNotices] = useState<Notice[]>([]);

  const notify = (text: string, tone: Notice['tone']) => setNotices((n) => [{ id: Date.now() + Math.random(), text, tone }, ...n].slice(0, 5));
  const refresh = () => void client.invalidateQueries({ queryKey: ['approvals'] });
  const onOutcome = (request: ApprovalRequestView, outcome: DecisionOutcome) => {
    if (outcome.kind === 'decided') {
      const d = outcome.request.decision;
      const paused = outcome.request.instanceStatus === 'SUSPENDED' ? ' The instance is paused: it applies on resume.' : '';
      notify(`${d?.approved ? 'Approved' : 'Rejected'} “${request.title}” as ${d?.by ?? 'you'}.${paused}`, 'ok');
    } else {
      notify(`“${request.title}”: ${errorMessage(outcome.error)}`, 'error');
    }
    setSelected((s) => new Set([...s].filter((id) => id !== request.id)));
    refresh();
  };
  const items = page.data?.items ?? [];
  const pendingTab = filters.tab === 'mine' || filters.tab === 'all';

  return (
    <section>
      <div className="page-head">
        <h1>Approvals</h1>
        {page.data && filters.tab !== 'waiting' && (
          <span className="muted" data-testid="inbox-total">
            {page.data.total} {pendingTab ? 'open' : filters.tab}
            {pendingTab && page.data.overdue > 0 ? ` · ${page.data.overdue} overdue` : ''}
          </span>
        )}
      </div>
      <nav className="inbox-tabs" aria-label="Inbox views">
        {(Object.keys(TAB_LABELS) as InboxFilters['tab'][]).map((tab) => (
          <button
            key={tab}
            type="button"
            className={tab === filters.tab ? 'inbox-tab inbox-tab-current' : 'inbox-tab'}
            aria-current={tab === filters.tab ? 'page' : undefined}
            onClick={() => setFilters({ ...filters, tab, offset: 0 })}
          >
            {TAB_LABELS[tab]}
          </button>
        ))}
      </nav>
      {filters.tab === 'waiting' ? (
        <WaitingEventsView />
      ) : (
        <>
          <div className="filter-bar inbox-filters">
            <label className="field-inline">
              Workflow
              <select value={filters.workflow ?? ''} onChange={(e) => setFilters({ ...filters, workflow: e.target.value || undefined, offset: 0 })}>
                <option value="">any</option>
                {(workflows.data?.items ?? []).map((w) => (
                  <option key={w.name} value={w.name}>
                    {w.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field-inline">
              Due
              <select value={filters.due ?? ''} onChange={(e) => setFilters({ ...filters, due: (e.target.value || undefined) as InboxFilters['due'], offset: 0 })}>
                <option value="">any</option>
                <option value="overdue">overdue</option>
                <option value="soon">within a day</option>
                <option value="none">no due time</option>
              </select>
            </label>
            <label className="field-inline">
              Assignee
              <input
                type="text"
                placeholder="user or group"
                defaultValue={filters.assignee ?? ''}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setFilters({ ...filters, assignee: e.currentTarget.value.trim() || undefined, offset: 0 });
                }}
                onBlur={(e) => e.target.value.trim() !== (filters.assignee ?? '') && setFilters({ ...filters, assignee: e.target.value.trim() || undefined, offset: 0 })}
              />
            </label>
          </div>
          {pendingTab && selected.size > 0 && (
            <BulkDecisionBar
              ids={[...selected]}
              onDone={(summary, tone) => {
                notify(summary, tone);
                setSelected(new Set());
                refresh();
              }}
            />
          )}
          <div className="notices" aria-live="polite">
            {notices.map((n) => (
              <div key={n.id} className={`banner banner-${n.tone}`} role={n.tone === 'ok' ? 'status' : 'alert'}>
                {n.text}
                <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotices((all) => all.filter((x) => x.id !== n.id))}>
                  ×
                </button>
              </div>
            ))}
          </div>
          <ErrorBanner error={page.error} prefix="Could not load the approval requests" />
          {page.isPending ? (
            <p className="empty">Loading approval requests…</p>
          ) : items.length === 0 ? (
            <p className="empty">
              {pendingTab ? 'No approval request is waiting here.' : `No ${filters.tab} requests.`}{' '}
              {pendingTab && <Link href="/demos">Fill the inbox from the Demos page.</Link>}
            </p>
          ) : (
            <div className="approval-list">
              {items.map((request) => (
                <RequestCard
                  key={request.id}
                  request={request}
                  now={now}
                  selected={selected.has(request.id)}
                  onSelect={(on) => setSelected((s) => (on ? new Set(s).add(request.id) : new Set([...s].filter((id) => id !== request.id))))}
                  onOutcome={onOutcome}
                />
              ))}
            </div>
          )}
          {page.data && page.data.total > INBOX_PAGE_SIZE && (
            <nav className="pager" aria-label="Pages">
              <span className="muted">
                {filters.offset + 1}–{Math.min(filters.offset + items.length, page.data.total)} of {page.data.total}
              </span>
              <button type="button" className="button button-small" disabled={filters.offset === 0} onClick={() => setFilters({ ...filters, offset: Math.max(0, filters.offset - INBOX_PAGE_SIZE) })}>
                Previous
              </button>
              <button
                type="button"
                className="button button-small"
                disabled={filters.offset + INBOX_PAGE_SIZE >= page.data.total}
                onClick={() => setFilters({ ...filters, offset: filters.offset + INBOX_PAGE_SIZE })}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
