// waitingOnOf: what an instance row says it waits for, from the runtime state and (in process) the event waits.
import { describe, expect, it } from 'vitest';
import type { EventWaitHint } from './actions';
import { childCreated, executionStarted, taskScheduled, timerCreated } from './history-builders';
import type { HistoryEvent } from './history-events';
import { runtimeStateOf } from './runtime-state';
import { nothingWaited, WAITING_LIST_LIMIT, waitingOnOf } from './waiting-on';

const T0 = '2026-05-01T12:00:00.000Z';
const DUE = '2026-05-01T12:10:00.000Z';
const started = executionStarted(T0, { name: 'Flow', instanceId: 'f-1', executionId: 'x-1' });
const stateOf = (...events: HistoryEvent[]) => runtimeStateOf([started, ...events]);
const NONE = { activities: 0, timers: 0, events: 0, children: 0 };

describe('waitingOnOf', () => {
  it('waits for nothing, with zero totals, when nothing is open', () => {
    expect(waitingOnOf(stateOf())).toEqual({ ...nothingWaited(), totals: NONE });
  });

  it('lists open activities, timers and children with their task IDs', () => {
    const waiting = waitingOnOf(
      stateOf(
        taskScheduled(0, T0, 'charge', undefined, { retryOf: 0, attempt: 2 }),
        timerCreated(1, T0, DUE, 'retry', 'charge'),
        childCreated(2, T0, { name: 'Ship', instanceId: 'f-1:0002' }),
      ),
    );
    expect(waiting).toEqual({
      activities: [{ taskId: 0, name: 'charge', scheduledAt: T0, attempt: 2 }],
      timers: [{ taskId: 1, fireAt: DUE, purpose: 'retry', name: 'charge' }],
      events: [],
      children: [{ taskId: 2, instanceId: 'f-1:0002', name: 'Ship' }],
      totals: { activities: 1, timers: 1, events: 0, children: 1 },
    });
  });

  it(`keeps the oldest ${WAITING_LIST_LIMIT} of each list and counts the rest in totals`, () => {
    const events: HistoryEvent[] = [];
    for (let i = 0; i < 130; i++) events.push(taskScheduled(i, T0, 'a', undefined), timerCreated(1000 + i, T0, DUE));
    const hints: EventWaitHint[] = Array.from({ length: 130 }, (_, i) => ({ name: `e${i}`, since: T0 }));
    const waiting = waitingOnOf(stateOf(...events), hints);
    expect(waiting.activities).toHaveLength(WAITING_LIST_LIMIT);
    expect(waiting.timers).toHaveLength(WAITING_LIST_LIMIT);
    expect(waiting.events).toHaveLength(WAITING_LIST_LIMIT);
    expect(waiting.activities.at(-1)?.taskId).toBe(WAITING_LIST_LIMIT - 1);
    expect(waiting.events[0].name).toBe('e0');
    expect(waiting.totals).toEqual({ activities: 130, timers: 130, events: 130, children: 0 });
  });

  describe('without hints (remote workers)', () => {
    it('stands each named event-timeout timer for a wait on its event, its due time the deadline', () => {
      const waiting = waitingOnOf(stateOf(timerCreated(3, T0, DUE, 'eventTimeout', 'approval'), timerCreated(4, T0, DUE)));
      expect(waiting.events).toEqual([{ name: 'approval', since: T0, deadline: DUE }]);
      expect(waiting.timers.map((t) => t.taskId)).toEqual([3, 4]);
      expect(waiting.totals).toEqual({ activities: 0, timers: 2, events: 1, children: 0 });
    });

    it('lists an event-timeout timer without a name as a timer only', () => {
      const waiting = waitingOnOf(stateOf(timerCreated(3, T0, DUE, 'eventTimeout')));
      expect(waiting.events).toEqual([]);
      expect(waiting.timers).toEqual([{ taskId: 3, fireAt: DUE, purpose: 'eventTimeout' }]);
    });

    it('sees no event wait behind plain timers', () => {
      expect(waitingOnOf(stateOf(timerCreated(1, T0, DUE))).events).toEqual([]);
    });
  });

  describe('with the in-process hints', () => {
    const state = stateOf(timerCreated(0, T0, DUE, 'eventTimeout', 'approval'), timerCreated(1, T0, DUE, 'eventTimeout', 'comment'), timerCreated(2, T0, DUE));

    it('lists the waits as given, and only the event-timeout timers of waits still open', () => {
      const hints: EventWaitHint[] = [
        { name: 'approval', since: T0, deadline: DUE, timeoutTimerId: 0 },
        { name: 'signal', since: T0, deadline: DUE },
      ];
      const waiting = waitingOnOf(state, hints);
      expect(waiting.events).toEqual([
        { name: 'approval', since: T0, deadline: DUE },
        { name: 'signal', since: T0, deadline: DUE },
      ]);
      expect(waiting.timers.map((t) => t.taskId)).toEqual([0, 2]);
      expect(waiting.totals).toEqual({ activities: 0, timers: 2, events: 2, children: 0 });
    });

    it('takes an empty hint list as "no wait is open"', () => {
      const waiting = waitingOnOf(state, []);
      expect(waiting.events).toEqual([]);
      expect(waiting.timers.map((t) => t.taskId)).toEqual([2]);
    });
  });
});
