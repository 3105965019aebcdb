'use client';

import { useQuery } from '@tanstack/react-query';
import { useRefreshInterval } from '@/lib/client/live-refresh';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { AuditEntryView } from '@/lib/audit/audit-entry';
import { auditExportHref, auditSearchFrom, auditSearchToParams, pageCount, type AuditSearch } from '@/lib/audit/audit-search';
import { fetchJson } from '@/lib/client/fetch-json';
import { formatTime } from '@/lib/client/format';
import { usePermissions } from '@/lib/client/session';
import { ErrorBanner } from '@/components/ui/error-banner';
import { RoleNote } from '@/components/ui/role-note';
import { AuditFilters } from './audit-filters';

/** One page of the audit trail as GET /api/audit answers it. */
interface AuditPageResponse {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

/** The Audit page: who did what, newest first, filtered by person, action, instance, outcome and time (in the URL), paged with the true total, exportable. */
export function AuditView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const key = params.toString();
  const search = auditSearchFrom(new URLSearchParams(key));
  const { whyNot } = usePermissions();
  const denied = whyNot('operator');
  const go = (next: AuditSearch) => {
    const query = auditSearchToParams(next).toString();
    router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const liveMs = useRefreshInterval(5000);
  const list = useQuery({
    queryKey: ['audit', key],
    queryFn: ({ signal }) => fetchJson<AuditPageResponse>(`/api/audit?${auditSearchToParams(search)}`, { signal }),
    enabled: !denied,
    refetchInterval: liveMs,
  });
  if (denied) return <RoleNote reason={`${denied}: the audit trail is for operators and admins`} />;
  const data = list.data;
  const pages = data ? pageCount(data.total, data.pageSize) : 1;
  const page = search.page ?? 1;
  return (
    <>
      <AuditFilters key={key} search={search} onApply={(next) => go({ ...next, page: undefined })} />
      <div className="page-actions">
        <span className="muted">Export all matching:</span>
        <a className="button button-small" href={auditExportHref(search, 'csv')} download>
          CSV
        </a>
        <a className="button button-small" href={auditExportHref(search, 'json')} download>
          JSON
        </a>
      </div>
      <ErrorBanner error={list.error} prefix="The audit trail could not be read" />
      <div className="table-wrap">
        <table className="data-table" aria-label="Audit entries">
          <thead>
            <tr>
              <th>Time</th>
              <th>Who</th>
              <th>Action</th>
              <th>Instance</th>
              <th>Target</th>
              <th>Reason</th>
              <th>Outcome</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {data?.entries.map((entry) => <AuditRow key={entry.id} entry={entry} onActor={(actor) => go({ ...search, actor, page: undefined })} />)}
            {data && data.entries.length === 0 && (
              <tr>
                <td colSpan={8} className="empty">
                  No audit entries match these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Audit pages">
        <span className="muted">{data ? `${data.total} entries · page ${Math.min(page, pages)} of ${pages}` : 'Loading…'}</span>
        <button type="button" className="button button-small" disabled={page <= 1} onClick={() => go({ ...search, page: page - 1 })}>
          Previous
        </button>
        <button type="button" className="button button-small" disabled={page >= pages} onClick={() => go({ ...search, page: page + 1 })}>
          Next
        </button>
      </nav>
    </>
  );
}

function AuditRow({ entry, onActor }: { entry: AuditEntryView; onActor: (name: string) => void }) {
  return (
    <tr className={entry.outcome === 'ok' ? undefined : `audit-${entry.outcome}`}>
      <td className="nowrap">{formatTime(entry.at)}</td>
      <td>
        <button type="button" className="button button-small button-link" title={`Only entries by ${entry.actorName}`} onClick={() => onActor(entry.actorName)}>
          {entry.actorName}
        </button>{' '}
        <span className="muted">({entry.actorKind})</span>
      </td>
      <td className="mono">{entry.action}</td>
      <td className="mono">{entry.instanceId ? <Link href={`/instances/${encodeURIComponent(entry.instanceId)}`}>{entry.instanceId}</Link> : ''}</td>
      <td>{entry.target ?? ''}</td>
      <td>{entry.reason ?? ''}</td>
      <td>
        {entry.outcome}
        {entry.status !== undefined && <span className="muted"> · {entry.status}</span>}
        {entry.code && <span className="muted"> · {entry.code}</span>}
      </td>
      <td className="mono">{entry.address ?? ''}</td>
    </tr>
  );
}
