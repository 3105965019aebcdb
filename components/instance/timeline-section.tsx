'use client';

import { useDeferredValue } from 'react';
import { TimelineGraph, type TimelineGraphProps } from '@/components/timeline/timeline-graph';

/**
 * The instance's timeline graph in a titled panel, with a note while the history loads. The graph follows the history
 * in a transition (useDeferredValue): drawing a 10,000-event history then runs apart from, and after, the rest of the
 * page's update instead of in one long main-thread task with it (its flow is computed in a Web Worker, see
 * useTimelineFlow).
 */
export function TimelineSection({ loading, history, ...props }: TimelineGraphProps & { loading: boolean }) {
  const shown = useDeferredValue(history);
  const waiting = shown.length === 0 && (loading || history.length > 0);
  return (
    <section className="panel timeline-panel" aria-label="Timeline">
      <h2>Timeline</h2>
      {waiting ? <p className="empty">Loading history…</p> : <TimelineGraph {...props} history={shown} />}
    </section>
  );
}
