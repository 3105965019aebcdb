'use client';

import { ViewportPortal } from '@xyflow/react';
import type { LaneBand } from '@/lib/graph/layout';

/** Faint horizontal bands behind the graph, one per lane, and a labelled lifecycle row; they pan and zoom with it. */
export function LaneBands({ lanes, width }: { lanes: LaneBand[]; width: number }) {
  const span = width + 400;
  return (
    <ViewportPortal>
      {lanes.map((lane) => (
        <div
          key={lane.id}
          className={`tl-band tl-band--${lane.kind}${lane.index % 2 ? ' is-odd' : ''}`}
          style={{ transform: `translate(-200px, ${lane.y}px)`, width: span, height: lane.height }}
        >
          {lane.kind === 'lifecycle' && <span className="tl-band__label">Lifecycle</span>}
        </div>
      ))}
    </ViewportPortal>
  );
}
