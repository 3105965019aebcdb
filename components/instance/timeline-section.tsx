'use client';

import { TimelineGraph, type TimelineGraphProps } from '@/components/timeline/timeline-graph';

/** The instance's timeline graph in a titled panel, with a note while the history loads. */
export function TimelineSection({ loading, ...props }: TimelineGraphProps & { loading: boolean }) {
  return (
    <section className="panel timeline-panel" aria-label="Timeline">
      <h2>Timeline</h2>
      {loading && props.history.length === 0 ? <p className="empty">Loading history…</p> : <TimelineGraph {...props} />}
    </section>
  );
}
