import { describe, expect, it } from 'vitest';
import { nothingWaited, type WaitingOn } from '../engine/waiting-on';
import { summarizeWaiting } from './waiting-summary';

const at = new Date('2026-01-01T10:00:00.000Z');
const waits = (patch: Partial<WaitingOn>): WaitingOn => ({ ...nothingWaited(), ...patch });

describe('summarizeWaiting', () => {
  it('is undefined when the instance waits on nothing', () => {
    expect(summarizeWaiting(nothingWaited(), at)).toBeUndefined();
    expect(summarizeWaiting(undefined, at)).toBeUndefined();
  });

  it('prefers the oldest named event over its timeout timer and over activities', () => {
    const summary = summarizeWaiting(
      waits({
        events: [
          { name: 'later', since: '2026-01-01T09:00:00.000Z' },
          { name: 'approval_received', since: '2026-01-01T08:00:00.000Z' },
        ],
        timers: [{ taskId: 1, fireAt: '2026-01-02T00:00:00.000Z', purpose: 'eventTimeout', name: 'approval_received' }],
        activities: [{ taskId: 2, name: 'Pay', scheduledAt: '2026-01-01T07:00:00.000Z', attempt: 1 }],
      }),
      at,
    );
    expect(summary).toEqual({ kind: 'event', name: 'approval_received', since: new Date('2026-01-01T08:00:00.000Z') });
  });

  it('reports an unnamed event wait without a name', () => {
    expect(summarizeWaiting(waits({ unnamedEvent: { since: '2026-01-01T05:00:00.000Z' } }), at)).toEqual({ kind: 'event', since: new Date('2026-01-01T05:00:00.000Z') });
  });

  it('takes the oldest activity, then a child, then a timer (since the step for those two)', () => {
    const activities = [
      { taskId: 3, name: 'B', scheduledAt: '2026-01-01T06:00:00.000Z', attempt: 1 },
      { taskId: 2, name: 'A', scheduledAt: '2026-01-01T05:00:00.000Z', attempt: 2 },
    ];
    expect(summarizeWaiting(waits({ activities }), at)).toEqual({ kind: 'activity', name: 'A', since: new Date('2026-01-01T05:00:00.000Z') });
    expect(summarizeWaiting(waits({ children: [{ taskId: 1, instanceId: 'c', name: 'Child' }] }), at)).toEqual({ kind: 'child', name: 'Child', since: at });
    expect(summarizeWaiting(waits({ timers: [{ taskId: 1, fireAt: '2026-01-02T00:00:00.000Z', purpose: 'timer' }] }), at)).toEqual({ kind: 'timer', since: at });
  });
});
