'use client';

import { useRef } from 'react';
import type { ActivityLogLine } from '@/lib/api/dto';
import { formatClock } from '@/lib/client/format';
import { useVirtualRows } from '@/lib/client/use-virtual-rows';

/** A line's height before it is measured (one line of text with its padding and border). */
const ESTIMATED_LINE_PX = 23;
/** The scroll box's height when the lines need more (as .log-lines' max-height says). */
const LOG_BOX_PX = 280;

/**
 * The lines activities wrote while they ran, oldest first, with the task they belong to. Only the lines in the
 * scroll box are in the DOM: a fan-out's 500 lines were 2,000 elements to lay out on every refresh.
 */
export function ActivityLog({ lines, omitted = 0 }: { lines: ActivityLogLine[]; omitted?: number }) {
  const scroller = useRef<HTMLOListElement>(null);
  const { virtualizer, items, padTop, padBottom } = useVirtualRows({ count: lines.length, scroller, estimatePx: ESTIMATED_LINE_PX });
  return (
    <section className="panel" aria-label="Activity log">
      <h2>Activity log</h2>
      {omitted > 0 && <p className="muted empty-inline">{omitted} earlier lines not shown (the latest {lines.length} are below).</p>}
      {lines.length === 0 ? (
        <p className="muted empty-inline">No activity has written a line yet.</p>
      ) : (
        // An explicit height: an empty box (before the first lines are placed) would give the virtualizer no room.
        <ol className="log-lines" ref={scroller} aria-label={`${lines.length} log lines`} style={{ height: Math.min(LOG_BOX_PX, virtualizer.getTotalSize()) }}>
          {padTop > 0 && <li aria-hidden className="log-spacer" style={{ height: padTop }} />}
          {items.map((item) => {
            const l = lines[item.index];
            return (
              <li key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                <time className="mono muted">{formatClock(l.createdAt)}</time>
                <span className="log-task mono">task {l.taskId}</span>
                <span>{l.message}</span>
              </li>
            );
          })}
          {padBottom > 0 && <li aria-hidden className="log-spacer" style={{ height: padBottom }} />}
        </ol>
      )}
    </section>
  );
}
