'use client';

import dynamic from 'next/dynamic';
import { useDeferredValue } from 'react';
import type { TimelineGraphProps } from '@/components/timeline/timeline-graph';

/** Loads the timeline graph's code (React Flow and the graph's components, its own chunk); call early to warm it. */
export const loadTimelineGraph = () => import('@/components/timeline/timeline-graph');

// Its own chunk, so the page hydrates without evaluating React Flow's ~280 KB: that runs in a task of its own when
// the chunk arrives (the page starts the download at once, see InstanceView), not in the page's first one.
const TimelineGraph = dynamic(() => loadTimelineGraph().then((m) => m.TimelineGraph), {
  ssr: false,
  loading: () => <p className="empty">Drawing the timeline…</p>,
});

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
