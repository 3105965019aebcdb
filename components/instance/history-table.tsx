'use client';

import { useMemo, useRef, useState } from 'react';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { formatClock } from '@/lib/client/format';
import { useVirtualRows } from '@/lib/client/use-virtual-rows';
import { kindsIn, taskNames, toHistoryRow } from '@/lib/client/history-rows';
import { toJsonText } from '@/lib/client/json-text';
import { isRerunnableEvent } from '@/lib/engine/rerun';
import { eventActorCaption } from '@/lib/graph/actor-caption';

/** A history row's height before it is measured (one line of text plus padding). */
const ESTIMATED_ROW_PX = 37;

/** Props of the history table. */
export interface HistoryTableProps {
  /** The events loaded, newest first. */
  events: readonly SequencedHistoryEvent[];
  /** How many events the history has (more than `events` while older pages are not loaded). */
  total: number;
  loading: boolean;
  /** Events that name the tasks of completion rows (their scheduling events), e.g. the whole history; default `events`. */
  namesFrom?: readonly SequencedHistoryEvent[];
  /** Fetches the next older page; absent once every event is loaded. */
  onLoadOlder?: () => void;
  loadingOlder?: boolean;
  /** Offers "Rerun from here" on the events a rerun can start from. */
  onRerun?: (event: SequencedHistoryEvent) => void;
}

/**
 * History events, newest first, filterable by type, in a scrolling table that renders only the rows in view (10,000
 * events cost as much as 30); "Load older" adds the next older page. Each row's payload expands in place. With
 * `onRerun`, the events a rerun can start from (activities, child workflows, timers scheduled) offer "Rerun from here".
 */
export function HistoryTable({ events, total, loading, namesFrom, onLoadOlder, loadingOlder, onRerun }: HistoryTableProps) {
  const [kind, setKind] = useState('');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const kinds = useMemo(() => kindsIn(events), [events]);
  const names = useMemo(() => taskNames(namesFrom ?? events), [namesFrom, events]);
  const filtered = useMemo(() => (kind ? events.filter((e) => e.kind === kind) : events), [events, kind]);
  const scroller = useRef<HTMLDivElement>(null);
  const { virtualizer, items, padTop, padBottom } = useVirtualRows({ count: filtered.length, scroller, estimatePx: ESTIMATED_ROW_PX, getItemKey: (index) => filtered[index].sequence });
  const rows = items.map((item) => ({ ...toHistoryRow(filtered[item.index], names), event: filtered[item.index], item }));
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
              virtualizer.scrollToOffset(0);
            }}
          >
            <option value="">All types ({events.length}{events.length < total ? ' loaded' : ''})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <HistoryPager shown={filtered.length} loaded={events.length} total={total} filtered={!!kind} onNewest={() => virtualizer.scrollToIndex(0)} />
      </div>
      {loading && events.length === 0 ? (
        <p className="empty">Loading history…</p>
      ) : (
        <div className="history-scroll" ref={scroller}>
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
            {padTop > 0 && <SpacerRows px={padTop} />}
              {rows.map((row) => {
                const expanded = open.has(row.sequence);
                const hasDetails = Object.keys(row.details).length > 0;
                return (
                  <tbody key={row.item.key} data-index={row.item.index} ref={virtualizer.measureElement}>
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
                  </tbody>
                );
              })}
            {padBottom > 0 && <SpacerRows px={padBottom} />}
          </table>
        </div>
      )}
      {onLoadOlder && events.length > 0 && (
        <div className="pager">
          <span className="muted">
            Newest {events.length} of {total} events loaded
          </span>
          <button type="button" className="button button-small" disabled={loadingOlder} onClick={onLoadOlder}>
            {loadingOlder ? 'Loading older…' : 'Load older'}
          </button>
        </div>
      )}
    </section>
  );
}

/** Who caused the event (a client's start, pause, resume, terminate or raise), when and why; nothing otherwise. */
function ActorCaption({ event }: { event: SequencedHistoryEvent }) {
  const caption = eventActorCaption(event, formatClock);
  return caption ? <div className="muted">{caption}</div> : null;
}

/** The height of the rows scrolled out of view, so the scrollbar stays true; hidden from assistive technology. */
function SpacerRows({ px }: { px: number }) {
  return (
    <tbody aria-hidden="true">
      <tr style={{ height: px }} />
    </tbody>
  );
}

/** How many events the table shows (of how many the history has), and a jump to the newest. */
function HistoryPager({ shown, loaded, total, filtered, onNewest }: { shown: number; loaded: number; total: number; filtered: boolean; onNewest: () => void }) {
  const count = filtered ? `${shown} of ${loaded} loaded events` : loaded < total ? `${loaded} of ${total} events` : `${total} events`;
  return (
    <nav className="pager pager-inline" aria-label="History pages">
      <span className="muted">{count}</span>
      <button type="button" className="button button-small" disabled={shown === 0} onClick={onNewest}>
        Newest
      </button>
    </nav>
  );
}
