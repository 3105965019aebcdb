'use client';

import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import type { RuntimeStatus } from '@/lib/engine/runtime-status';
import type { WaitingOn } from '@/lib/engine/waiting-on';

/** Props of TimelineSection (the same as the timeline graph's). */
export interface TimelineSectionProps {
  history: SequencedHistoryEvent[];
  status: RuntimeStatus;
  waitingOn?: WaitingOn;
  onRaiseEvent?: (eventName: string) => void;
  childLink?: (instanceId: string) => string;
}

/** The instance's timeline graph panel. */
export function TimelineSection({ history }: TimelineSectionProps) {
  // SLOT: TimelineGraph (components/timeline/timeline-graph.tsx) goes here once it lands.
  return (
    <section className="panel timeline-panel" aria-label="Timeline">
      <h2>Timeline</h2>
      <p className="muted">Timeline graph pending ({history.length} events).</p>
    </section>
  );
}
