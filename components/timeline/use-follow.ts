'use client';

import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineFlow } from '@/lib/graph/history-to-flow';
import { fitOptions } from './fit-options';

/** Follow mode of a live timeline: whether the view follows the running frontier, and how the user turns it off and on. */
export interface Follow {
  /** True while the view re-fits as the graph grows (only while the instance runs). */
  following: boolean;
  /** React Flow's onMove: a pan or zoom by the user (a move with an input event; a plain click on the pane is none) stops following. */
  onMove: (event: MouseEvent | TouchEvent | null) => void;
  /** Stops following: for the zoom buttons and the minimap, which move the view without an input event. */
  stop: () => void;
  /** The toolbar's Follow toggle: re-fits and follows again, or stops following. */
  toggle: () => void;
}

/** While `live`, re-fits the view whenever the graph grows (new nodes, wider), until the user pans or zooms. */
export function useFollow(flow: TimelineFlow, live: boolean): Follow {
  const { fitView } = useReactFlow();
  const [following, setFollowing] = useState(true);
  const latest = useRef(flow);
  useEffect(() => {
    latest.current = flow;
  }, [flow]);
  const refit = useCallback(() => void fitView({ ...fitOptions(latest.current), duration: 250 }), [fitView]);
  const active = live && following;
  const size = `${flow.nodes.length}:${Math.round(flow.width)}:${flow.lanes.length}`;
  const shownSize = useRef(size);
  useEffect(() => {
    if (shownSize.current === size) return;
    shownSize.current = size;
    if (!active) return;
    const frame = requestAnimationFrame(refit);
    return () => cancelAnimationFrame(frame);
  }, [size, active, refit]);
  const onMove = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) setFollowing(false);
  }, []);
  const stop = useCallback(() => setFollowing(false), []);
  const toggle = useCallback(() => {
    if (!following) requestAnimationFrame(refit);
    setFollowing(!following);
  }, [following, refit]);
  return { following: active, onMove, stop, toggle };
}
