'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRefreshInterval } from '@/lib/client/live-refresh';
import Link from 'next/link';
import { useState } from 'react';
import type { ApprovalItem } from '@/lib/api/dto';
import { errorMessage, isGoneOrConflict } from '@/lib/client/api-error';
import { queryKeys, waitingEventsQuery } from '@/lib/client/queries';
import { useNow } from '@/lib/client/use-now';
import { ErrorBanner } from '@/components/ui/error-banner';
import { RaiseEventDialog } from '@/components/raise-event-dialog';
import { ApprovalRow, type RowOutcome } from './approval-row';

interface Notice {
  id: number;
  instanceId: string;
  text: string;
  tone: 'ok' | 'warn' | 'error';
}

const rowKey = (item: ApprovalItem) => `${item.instanceId}|${item.eventName}|${item.waitingSince}`;

/**
 * The inbox's "Other waiting events" tab: every instance waiting for an external event (with an approval request
 * or not), longest wait first, refreshed every 2 s; Approve/Reject from the workflow's declaration, or Raise.
 */
export function WaitingEventsView() {
  const client = useQueryClient();
  const liveMs = useRefreshInterval(2000);
  const approvals = useQuery({ ...waitingEventsQuery(), refetchInterval: liveMs });
  const now = useNow();
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [notices, setNotices] = useState<Notice[]>([]);
  const [raising, setRaising] = useState<ApprovalItem | null>(null);
  const items = (approvals.data?.items ?? []).filter((i: ApprovalItem) => !decided.has(rowKey(i)));

  const notify = (instanceId: string, text: string, tone: Notice['tone']) =>
    setNotices((n) => [{ id: Date.now() + Math.random(), instanceId, text, tone }, ...n].slice(0, 5));
  const onOutcome = (item: ApprovalItem, outcome: RowOutcome) => {
    const eventName = outcome.eventName ?? item.eventName;
    if (outcome.kind === 'sent') {
      setDecided((d) => new Set(d).add(rowKey(item)));
      notify(item.instanceId, `${outcome.label}: ${eventName} sent; the instance moves on.`, 'ok');
    } else if (isGoneOrConflict(outcome.error)) {
      setDecided((d) => new Set(d).add(rowKey(item)));
      notify(item.instanceId, `Already decided or timed out: this instance no longer waits for ${eventName}.`, 'warn');
    } else {
      notify(item.instanceId, `Could not send ${eventName}: ${errorMessage(outcome.error)}`, 'error');
    }
    void client.invalidateQueries({ queryKey: queryKeys.approvals });
  };

  return (
    <section>
      <p className="muted">
        {approvals.data
          ? `${items.length} waiting, longest wait first${approvals.data.truncated ? ` (the ${approvals.data.limit} longest waits only: more are waiting)` : ''}.`
          : ''}{' '}
        Raising an event here sends it as is: use the requests tabs to decide an approval request once, with your name.
      </p>
      <div className="notices" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`banner banner-${n.tone}`} role={n.tone === 'ok' ? 'status' : 'alert'}>
            <Link className="mono" href={`/instances/${encodeURIComponent(n.instanceId)}`}>
              {n.instanceId}
            </Link>{' '}
            {n.text}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotices((all) => all.filter((x) => x.id !== n.id))}>
              ×
            </button>
          </div>
        ))}
      </div>
      <ErrorBanner error={approvals.error} prefix="Could not load the approvals" />
      {approvals.isPending ? (
        <p className="empty">Loading approvals…</p>
      ) : items.length === 0 ? (
        <p className="empty">
          Nothing is waiting for a decision. <Link href="/demos">Fill the inbox from the Demos page.</Link>
        </p>
      ) : (
        <div className="approval-list">
          {items.map((item: ApprovalItem) => (
            <ApprovalRow key={rowKey(item)} item={item} now={now} onOutcome={onOutcome} onRaise={setRaising} />
          ))}
        </div>
      )}
      {raising && (
        <RaiseEventDialog
          instanceId={raising.instanceId}
          suggestions={[raising.eventName]}
          onClose={() => setRaising(null)}
          onRaised={() => onOutcome(raising, { kind: 'sent', label: 'Raised' })}
        />
      )}
    </section>
  );
}
