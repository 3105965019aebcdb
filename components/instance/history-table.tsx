'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { formatClock } from '@/lib/client/format';
import { kindsIn, taskNames, toHistoryRow } from '@/lib/client/history-rows';
import { toJsonText } from '@/lib/client/json-text';
import { isRerunnableEvent } from '@/lib/engine/rerun';
import { eventActorCaption } from '@/lib/graph/actor-caption';

/** A history row's height before it is measured (one line of text plus padding). */
const ESTIMATED_ROW_PX = 37;

/**
 * Every history event, filterable by type, in a scrolling table that renders only the rows in view (10,000 events
 * cost as much as 30); each row's payload expands in place. With `onRerun`, the events a rerun can start from
 * (activities, child workflows, timers scheduled) offer "Rerun from here".
 */
export function HistoryTable({ events, loading, onRerun }: { events: readonly SequencedHistoryEvent[]; loading: boolean; onRerun?: (event: SequencedHistoryEvent) => void }) {
  const [kind, setKind] = useState('');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const kinds = useMemo(() => kindsIn(events), [events]);
  const names = useMemo(() => taskNames(events), [events]);
  const filtered = useMemo(() => (kind ? events.filter((e) => e.kind === kind) : events), [events, kind]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (index) => filtered[index].sequence,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const rows = items.map((item) => ({ ...toHistoryRow(filtered[item.index], names), event: filtered[item.index], item }));
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
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
            <option value="">All types ({events.length})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <HistoryPager total={filtered.length} onTop={() => virtualizer.scrollToIndex(0)} onLatest={() => virtualizer.scrollToIndex(filtered.length - 1, { align: 'end' })} />
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

/** The event count and jumps to the first and the latest event. */
function HistoryPager({ total, onTop, onLatest }: { total: number; onTop: () => void; onLatest: () => void }) {
  return (
    <nav className="pager pager-inline" aria-label="History pages">
      <span className="muted">{total} events</span>
      <button type="button" className="button button-small" disabled={total === 0} onClick={onTop}>
        First
      </button>
      <button type="button" className="button button-small" disabled={total === 0} onClick={onLatest}>
        Latest
      </button>
    </nav>
  );
}
