import { describe, expect, it } from 'vitest';
import type { SequencedHistoryEvent } from '../engine/history-events';
import { historyPageRange, toHistoryPage } from './history-page';

const events = (start: number, end: number) =>
  Array.from({ length: end - start }, (_, i) => ({ kind: 'TimerFired', sequence: start + i }) as unknown as SequencedHistoryEvent);
const sequences = (page: { events: SequencedHistoryEvent[] }) => page.events.map((e) => e.sequence);

describe('history pages', () => {
  it('pages oldest first from `from`, with the next `from` until the last page', () => {
    const q = { order: 'asc', from: 3, limit: 4 } as const;
    const range = historyPageRange(10, q);
    expect(range).toEqual({ start: 3, end: 7 });
    expect(toHistoryPage(events(3, 7), range, 10, q)).toMatchObject({ nextSequence: 7 });
    const last = { order: 'asc', from: 7, limit: 4 } as const;
    expect(toHistoryPage(events(7, 10), historyPageRange(10, last), 10, last)).toEqual({ events: events(7, 10) });
  });

  it('pages newest first from the end, then before the oldest event shown, until the first event', () => {
    const first = { order: 'desc', limit: 4 } as const;
    const range = historyPageRange(10, first);
    expect(range).toEqual({ start: 6, end: 10 });
    const page = toHistoryPage(events(6, 10), range, 10, first);
    expect(sequences(page)).toEqual([9, 8, 7, 6]);
    expect(page.nextBefore).toBe(6);
    const older = { order: 'desc', before: 2, limit: 4 } as const;
    const last = toHistoryPage(events(0, 2), historyPageRange(10, older), 10, older);
    expect(last).toEqual({ events: events(0, 2).reverse() });
  });

  it('is empty past either end of the history', () => {
    expect(historyPageRange(10, { order: 'asc', from: 50, limit: 5 })).toEqual({ start: 10, end: 10 });
    expect(historyPageRange(10, { order: 'desc', before: 0, limit: 5 })).toEqual({ start: 0, end: 0 });
    expect(historyPageRange(10, { order: 'desc', before: 99, limit: 5 })).toEqual({ start: 5, end: 10 });
    expect(historyPageRange(0, { order: 'desc', limit: 5 })).toEqual({ start: 0, end: 0 });
  });
});
