'use client';

import { Fragment, useMemo, useState } from 'react';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { formatClock } from '@/lib/client/format';
import { kindsIn, taskNames, toHistoryRow } from '@/lib/client/history-rows';
import { toJsonText } from '@/lib/client/json-text';
import { isRerunnableEvent } from '@/lib/engine/rerun';
import { eventActorCaption } from '@/lib/graph/actor-caption';

const ROWS_PER_PAGE = 100;

/**
 * Every history event, filterable by type and shown 100 rows at a time; each row's payload expands in place. With
 * `onRerun`, the events a rerun can start from (activities, child workflows, timers scheduled) offer "Rerun from here".
 */
export function HistoryTable({ events, loading, onRerun }: { events: readonly SequencedHistoryEvent[]; loading: boolean; onRerun?: (event: SequencedHistoryEvent) => void }) {
  const [kind, setKind] = useState('');
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const kinds = useMemo(() => kindsIn(events), [events]);
  const names = useMemo(() => taskNames(events), [events]);
  const filtered = useMemo(() => (kind ? events.filter((e) => e.kind === kind) : events), [events, kind]);
  const pages = Math.max(1, Math.ceil(filtered.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages - 1);
  const rows = filtered.slice(current * ROWS_PER_PAGE, (current + 1) * ROWS_PER_PAGE).map((e) => ({ ...toHistoryRow(e, names), event: e }));
  const toggle = (seq: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  return (
    <section className="panel" aria-label="History">
      <div className="panel-head">
        <h2>History</h2>
        <label className="field-inline">
          <span>Type</span>
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setPage(0);
            }}
          >
            <option value="">All types ({events.length})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <HistoryPager current={current} pages={pages} total={filtered.length} onPage={setPage} />
      </div>
      {loading && events.length === 0 ? (
        <p className="empty">Loading history…</p>
      ) : (
        <table className="data-table history-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>Type</th>
              <th>Name</th>
              <th>Task</th>
              <th>Payload</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const expanded = open.has(row.sequence);
              const hasDetails = Object.keys(row.details).length > 0;
              return (
                <Fragment key={row.sequence}>
                  <tr>
                    <td className="mono">{row.sequence}</td>
                    <td className="mono nowrap">{formatClock(row.timestamp)}</td>
                    <td>
                      <span className={`kind kind-${row.kind}`}>{row.kind}</span>
                    </td>
                    <td>
                      {row.name ?? ''}
                      <ActorCaption event={row.event} />
                    </td>
                    <td className="mono">{row.taskId ?? ''}</td>
                    <td>
                      {hasDetails && (
                        <button
                          type="button"
                          className="button button-small button-link"
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'Hide' : 'Show'} payload of event ${row.sequence}`}
                          onClick={() => toggle(row.sequence)}
                        >
                          {expanded ? 'Hide' : 'Show'}
                        </button>
                      )}
                      {onRerun && isRerunnableEvent(row.event) && (
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Rerun from event ${row.sequence} (task ${row.event.eventId})`}
                          onClick={() => onRerun(row.event)}
                        >
                          Rerun from here
                        </button>
                      )}
                    </td>
                  </tr>
                  {expanded && (
                    <tr className="row-details">
                      <td colSpan={6}>
                        <pre>{toJsonText(row.details)}</pre>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Who caused the event (a client's start, pause, resume, terminate or raise), when and why; nothing otherwise. */
function ActorCaption({ event }: { event: SequencedHistoryEvent }) {
  const caption = eventActorCaption(event, formatClock);
  return caption ? <div className="muted">{caption}</div> : null;
}

function HistoryPager({ current, pages, total, onPage }: { current: number; pages: number; total: number; onPage: (p: number) => void }) {
  return (
    <nav className="pager pager-inline" aria-label="History pages">
      <span className="muted">
        {total} events · page {current + 1} of {pages}
      </span>
      <button type="button" className="button button-small" disabled={current === 0} onClick={() => onPage(current - 1)}>
        Previous
      </button>
      <button type="button" className="button button-small" disabled={current >= pages - 1} onClick={() => onPage(current + 1)}>
        Next
      </button>
      <button type="button" className="button button-small" disabled={current >= pages - 1} onClick={() => onPage(pages - 1)}>
        Latest
      </button>
    </nav>
  );
}
