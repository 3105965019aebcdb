import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import type { FlowOptions, TimelineFlow } from './history-to-flow';
import type { LayoutMode } from './layout';

/**
 * The history part of a request to the timeline worker: a whole history the worker does not hold yet, or the events
 * appended to the one it holds. Posting copies (structured-clones) on the main thread, so a live history's refresh
 * sends only its new events.
 */
export type HistoryUpdate = { replace: readonly SequencedHistoryEvent[] } | { append: readonly SequencedHistoryEvent[] };

/** FlowOptions as posted: the layout mode always, the expanded groups as an array (the worker makes it a Set again). */
export type PostedFlowOptions = Omit<FlowOptions, 'expandedGroups' | 'mode'> & { mode: LayoutMode; expandedGroups: string[] };

/** One request to the timeline worker: its number, the history's change (none when unchanged) and the options. */
export interface FlowRequest {
  id: number;
  history?: HistoryUpdate;
  options: PostedFlowOptions;
}

/** The worker's answer to a request: its number, the layout mode it was computed for, and the flow. */
export interface FlowAnswer {
  id: number;
  mode: LayoutMode;
  flow: TimelineFlow;
}

/**
 * What to send so that a worker holding `sent` holds `next`: nothing when it is the same array, the appended events
 * when `next` extends `sent` (the history query appends to the array it held, keeping the same event objects), else
 * the whole of `next`.
 */
export function historyUpdate(sent: readonly SequencedHistoryEvent[] | undefined, next: readonly SequencedHistoryEvent[]): HistoryUpdate | undefined {
  if (sent === next) return undefined;
  const extendsSent = sent !== undefined && sent.length > 0 && next.length >= sent.length && next[0] === sent[0] && next[sent.length - 1] === sent[sent.length - 1];
  if (!extendsSent) return { replace: next };
  return next.length === sent.length ? undefined : { append: next.slice(sent.length) };
}

/** The history a worker holds after `update`. */
export function applyHistoryUpdate(held: readonly SequencedHistoryEvent[], update: HistoryUpdate): readonly SequencedHistoryEvent[] {
  return 'replace' in update ? update.replace : held.concat(update.append);
}
