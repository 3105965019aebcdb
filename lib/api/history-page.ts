// Which events a history page holds, in which order, and the cursor of the next page (sequences run 0 … length - 1).
import type { SequencedHistoryEvent } from '../engine/history-events';
import type { HistoryPage, HistoryPageQuery } from './dto';

/** Sequences `start` (included) to `end` (excluded) of a history. */
export interface HistoryRange {
  start: number;
  end: number;
}

/** The sequences of the page `query` asks for in a history of `length` events (empty past either end). */
export function historyPageRange(length: number, query: HistoryPageQuery): HistoryRange {
  if (query.order === 'asc') return { start: Math.min(query.from, length), end: Math.min(length, query.from + query.limit) };
  const end = Math.min(query.before ?? length, length);
  return { start: Math.max(0, end - query.limit), end };
}

/** The page of `events` (the range's events, oldest first) in the query's order, with the cursor of the next page if any. */
export function toHistoryPage(events: SequencedHistoryEvent[], range: HistoryRange, length: number, query: HistoryPageQuery): HistoryPage {
  if (query.order === 'asc') return range.end < length ? { events, nextSequence: range.end } : { events };
  const newestFirst = [...events].reverse();
  return range.start > 0 ? { events: newestFirst, nextBefore: range.start } : { events: newestFirst };
}
