// The timeline worker: computes historyToFlow off the main thread (a 12,000-event history takes ~50-65 ms of it in the
// browser). It holds the last history it was sent, so the page posts a live history's new events only; each request
// is answered in turn with its number, and the page drops answers it no longer waits for.
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { applyHistoryUpdate, type FlowAnswer, type FlowRequest } from './flow-request';
import { historyToFlow } from './history-to-flow';

let held: readonly SequencedHistoryEvent[] = [];

addEventListener('message', (event: MessageEvent<FlowRequest>) => {
  const { id, history, options } = event.data;
  if (history) held = applyHistoryUpdate(held, history);
  const flow = historyToFlow(held, { ...options, expandedGroups: new Set(options.expandedGroups) });
  postMessage({ id, mode: options.mode, flow } satisfies FlowAnswer);
});
