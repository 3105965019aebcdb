import { describe, expect, it } from 'vitest';
import { HistoryFixture } from './history-fixture';
import { applyHistoryUpdate, historyUpdate } from './flow-request';
import { historyToFlow } from './history-to-flow';

function liveHistory(): HistoryFixture {
  const h = new HistoryFixture();
  h.step((s) => { s.started('fan'); s.activity('a'); s.activity('b'); });
  return h;
}

describe('historyUpdate', () => {
  it('sends the whole history to a worker that holds none, and nothing when the array is the same', () => {
    const events = liveHistory().events;
    expect(historyUpdate(undefined, events)).toEqual({ replace: events });
    expect(historyUpdate(events, events)).toBeUndefined();
  });

  it('sends only the events a refreshed history appended to the one sent', () => {
    const h = liveHistory();
    const sent = [...h.events];
    h.wait(100).step((s) => s.completed(0));
    const next = [...sent, ...h.events.slice(sent.length)];
    expect(historyUpdate(sent, next)).toEqual({ append: h.events.slice(sent.length) });
    expect(historyUpdate(sent, [...sent])).toBeUndefined();
  });

  it('sends the whole history when it does not extend the one sent (another execution, or fewer events)', () => {
    const sent = liveHistory().events;
    const other = liveHistory().events;
    expect(historyUpdate(sent, [...other, ...other])).toEqual({ replace: [...other, ...other] });
    expect(historyUpdate(sent, sent.slice(0, 2))).toEqual({ replace: sent.slice(0, 2) });
    expect(historyUpdate([], other)).toEqual({ replace: other });
  });

  it('leaves the worker holding the new history, whose flow is the one computed from it directly', () => {
    const h = liveHistory();
    const sent = [...h.events];
    h.wait(100).step((s) => { s.completed(0); s.completed(1); s.finished(); });
    const next = [...sent, ...h.events.slice(sent.length)];
    const first = historyUpdate(undefined, sent)!;
    const then = historyUpdate(sent, next)!;
    expect(then).toHaveProperty('append');
    const held = applyHistoryUpdate(applyHistoryUpdate([], first), then);
    expect(held).toEqual(next);
    expect(historyToFlow(held, { status: 'COMPLETED' })).toEqual(historyToFlow(next, { status: 'COMPLETED' }));
  });
});
