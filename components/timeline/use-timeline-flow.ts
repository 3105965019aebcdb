'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { historyUpdate, type FlowAnswer, type FlowRequest } from '@/lib/graph/flow-request';
import { historyToFlow, type FlowOptions, type TimelineFlow } from '@/lib/graph/history-to-flow';
import type { LayoutMode } from '@/lib/graph/layout';

/** A flow the graph can show, and the layout mode it was computed for (the view refits when that changes). */
export interface ShownFlow {
  flow: TimelineFlow;
  mode: LayoutMode;
}

/** What the timeline's flow is computed from besides the history (FlowOptions with the mode and expanded groups set). */
export type TimelineFlowOptions = Omit<FlowOptions, 'mode' | 'expandedGroups'> & { mode: LayoutMode; expandedGroups: ReadonlySet<string> };

/** The page's end of one timeline worker: the history it holds and the number of the newest request. */
interface WorkerChannel {
  worker: Worker;
  sent?: readonly SequencedHistoryEvent[];
  latest: number;
}

/**
 * The timeline's flow, computed in a Web Worker: historyToFlow takes ~50-65 ms for a 12,000-event history, one
 * unsliceable main-thread task otherwise. Every change of the history or options is posted (a live history's new
 * events only, see historyUpdate); until the answer comes the last flow stays shown, and answers to requests since
 * superseded are dropped. Undefined until the first answer: small histories go through the worker too (one path, and
 * its first answer takes a few ms, shown as one more moment of loading) rather than switching paths at some size.
 * Where there is no Worker (server rendering, whose history is still empty) or the worker fails to load or throws,
 * the flow is computed on the main thread as before.
 */
export function useTimelineFlow(history: readonly SequencedHistoryEvent[], options: TimelineFlowOptions): ShownFlow | undefined {
  const { status, waitingOn, mode, now, expandedGroups } = options;
  const [failed, setFailed] = useState(false);
  const offMain = typeof Worker !== 'undefined' && !failed;
  const [answer, setAnswer] = useState<ShownFlow>();
  const channel = useRef<WorkerChannel>(undefined);

  const onMain = useMemo(
    () => (offMain ? undefined : { flow: historyToFlow(history, { status, waitingOn, mode, now, expandedGroups }), mode }),
    [offMain, history, status, waitingOn, mode, now, expandedGroups],
  );

  useEffect(() => {
    if (!offMain) return;
    const worker = new Worker(new URL('../../lib/graph/timeline-flow.worker.ts', import.meta.url), { type: 'module' });
    const opened: WorkerChannel = { worker, latest: 0 };
    worker.onmessage = ({ data }: MessageEvent<FlowAnswer>) => {
      if (data.id === opened.latest) setAnswer({ flow: data.flow, mode: data.mode });
    };
    worker.onerror = () => setFailed(true);
    channel.current = opened;
    return () => {
      worker.terminate();
      channel.current = undefined;
    };
  }, [offMain]);

  useEffect(() => {
    const open = channel.current;
    if (!open) return;
    open.latest += 1;
    const request: FlowRequest = {
      id: open.latest,
      history: historyUpdate(open.sent, history),
      options: { status, waitingOn, mode, now, expandedGroups: [...expandedGroups] },
    };
    open.sent = history;
    open.worker.postMessage(request);
  }, [history, status, waitingOn, mode, now, expandedGroups]);

  return onMain ?? answer;
}
