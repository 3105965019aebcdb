import { describe, expect, it } from 'vitest';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { withNewer, withOlder } from './newest-history';

const ev = (sequence: number) => ({ kind: 'TimerFired', sequence }) as unknown as SequencedHistoryEvent;
const seqs = (events: SequencedHistoryEvent[]) => events.map((e) => e.sequence);

describe('the history table events', () => {
  it('puts newer events (fetched oldest first) in front, newest first, skipping any already held', () => {
    const held = { events: [ev(9), ev(8)], nextBefore: 8 };
    const next = withNewer(held, [ev(9), ev(10), ev(11)]);
    expect(seqs(next.events)).toEqual([11, 10, 9, 8]);
    expect(next.nextBefore).toBe(8);
    expect(withNewer(held, [])).toBe(held);
  });

  it('adds an older page after the oldest event held and takes its cursor', () => {
    const next = withOlder({ events: [ev(9), ev(8)], nextBefore: 8 }, { events: [ev(7), ev(6)], nextBefore: 6 });
    expect(seqs(next.events)).toEqual([9, 8, 7, 6]);
    expect(next.nextBefore).toBe(6);
    const last = withOlder(next, { events: [ev(5), ev(4), ev(3), ev(2), ev(1), ev(0)] });
    expect(seqs(last.events).at(-1)).toBe(0);
    expect(last.nextBefore).toBeUndefined();
  });
});
