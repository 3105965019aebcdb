import { describe, expect, it } from 'vitest';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { notWaitingWarning, raiseSuggestions, timelineWaitingOn } from './event-waits';

const SINCE = '2026-01-05T09:00:00.000Z';
const DEADLINE = '2026-01-05T10:00:00.000Z';

describe('timelineWaitingOn', () => {
  it('adds the named expected events as event waits, with their deadlines, keeping the reported ones', () => {
    const waitingOn = { ...nothingWaited(), timers: [{ taskId: 3, fireAt: DEADLINE, purpose: 'timer' as const }] };
    const merged = timelineWaitingOn({ waitingOn, expectedEvents: [{ name: 'approval', since: SINCE, deadline: DEADLINE }] });
    expect(merged.events).toEqual([{ name: 'approval', since: SINCE, deadline: DEADLINE }]);
    expect(merged.timers).toEqual(waitingOn.timers);
  });

  it('leaves waitingOn as it is with only an unnamed wait (the timeline draws unnamedEvent itself) or a name already reported', () => {
    const unnamed = { ...nothingWaited(), unnamedEvent: { since: SINCE } };
    expect(timelineWaitingOn({ waitingOn: unnamed, expectedEvents: [{ since: SINCE }] })).toBe(unnamed);
    const reported = { ...nothingWaited(), events: [{ name: 'Approval', since: SINCE }] };
    expect(timelineWaitingOn({ waitingOn: reported, expectedEvents: [{ name: 'approval', since: SINCE }] })).toBe(reported);
  });
});

describe('raiseSuggestions', () => {
  it('suggests the reported waits, then the expected ones, then the declared events, each name once', () => {
    const instance = { waitingOn: { ...nothingWaited(), events: [{ name: 'go', since: SINCE }] }, expectedEvents: [{ name: 'approval', since: SINCE }, { since: SINCE }] };
    expect(raiseSuggestions(instance, { events: [{ name: 'APPROVAL' }, { name: 'cancel' }, { name: 'Go' }] })).toEqual(['go', 'approval', 'cancel']);
    expect(raiseSuggestions({ waitingOn: nothingWaited(), expectedEvents: [{ since: SINCE }] }, undefined)).toEqual([]);
  });
});

describe('notWaitingWarning', () => {
  it('warns when the instance does not wait for the typed name, listing what it waits for (or nothing)', () => {
    expect(notWaitingWarning('typo', ['approval', 'cancel'])).toBe("This instance is not waiting for 'typo'. It waits for: approval, cancel");
    expect(notWaitingWarning(' typo ', [])).toBe("This instance is not waiting for 'typo'. It waits for: nothing");
  });

  it('says nothing for a name it waits for (any case), an empty name, or while it waits for an event it did not name', () => {
    expect(notWaitingWarning('APPROVAL', ['approval'])).toBeUndefined();
    expect(notWaitingWarning('  ', ['approval'])).toBeUndefined();
    expect(notWaitingWarning('anything', ['approval', ''])).toBeUndefined();
  });
});
