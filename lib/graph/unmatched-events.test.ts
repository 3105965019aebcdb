import { describe, expect, it } from 'vitest';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { HistoryFixture } from './history-fixture';
import { historyToTasks } from './history-to-tasks';
import { taskLinks } from './task-links';
import type { TimelineModel } from './timeline-model';

const events = (model: TimelineModel) => model.tasks.filter((t) => t.kind === 'event').map((t) => [t.name, t.outcome]);

function flowLinks(model: TimelineModel): string[] {
  const label = (id: string) => model.tasks.find((t) => t.id === id)?.name ?? model.marks.find((m) => m.id === id)?.kind;
  return taskLinks(model).filter((l) => l.kind === 'flow').map((l) => `${label(l.from)}>${label(l.to)}`);
}

describe('unmatched external events', () => {
  it('marks an event nothing reacted to as unmatched; it leads nowhere', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('order'); s.activity('reserve'); });
    h.wait(100).step((s) => s.raised('typo_event', { x: 1 }));
    h.wait(100).step((s) => { s.completed(0); s.activity('charge'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });
    expect(events(model)).toEqual([['typo_event', 'unmatched']]);
    expect(flowLinks(model)).toEqual(['start>reserve', 'reserve>charge']);
  });

  it('keeps an event the workflow reacted to (a wait without timeout leaves no trace) as completed', () => {
    const h = new HistoryFixture();
    h.step((s) => s.started('approval'));
    h.wait(100).step((s) => { s.raised('go'); s.activity('ship'); });
    expect(events(historyToTasks(h.events, { status: 'RUNNING' }))).toEqual([['go', 'completed']]);
  });

  it('matches a buffered event when the instance waits for its name now (any case: it took that one and waits again), and an event delivered on resume', () => {
    const buffered = new HistoryFixture();
    buffered.step((s) => { s.started('order'); s.activity('reserve'); });
    buffered.wait(100).step((s) => s.raised('Approval'));
    buffered.wait(100).step((s) => s.completed(0));
    const waitingOn = { ...nothingWaited(), events: [{ name: 'approval', since: buffered.events.at(-1)!.timestamp }] };
    expect(events(historyToTasks(buffered.events, { status: 'RUNNING', waitingOn }))).toEqual([['Approval', 'completed'], ['approval', 'waiting']]);

    const paused = new HistoryFixture();
    paused.step((s) => s.started('order'));
    paused.wait(100).step((s) => { s.suspended(); s.raised('go'); });
    expect(events(historyToTasks(paused.events, { status: 'SUSPENDED' }))).toEqual([['go', 'completed']]);
    paused.wait(100).step((s) => { s.resumed(); s.activity('ship'); });
    expect(events(historyToTasks(paused.events, { status: 'RUNNING' }))).toEqual([['go', 'completed']]);
  });

  it('consumes an event with an open timed wait, but marks one raised after that wait timed out as unmatched', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('approval'); s.timer(1000, 'eventTimeout', 'approval'); });
    h.wait(1000).step((s) => { s.fired(0); s.activity('escalate'); });
    h.wait(100).step((s) => { s.raised('APPROVAL'); s.completed(1); s.finished(); });
    expect(events(historyToTasks(h.events, { status: 'COMPLETED' }))).toEqual([['approval', 'timedOut'], ['APPROVAL', 'unmatched']]);
  });
});

describe('event waits raced against a timer (whenAny)', () => {
  it('draws the wait beside its timer and marks it timed out when the timer won', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('purchase'); s.race(5000, 'approval_received'); });
    const open = historyToTasks(h.events, { status: 'RUNNING', waitingOn: { ...nothingWaited(), events: [{ name: 'approval_received', since: h.events[0].timestamp, deadline: '2026-01-05T09:00:05.000Z' }] } });
    expect(open.tasks.map((t) => [t.kind, t.name, t.outcome, t.current])).toEqual([['timer', 'timer', 'waiting', false], ['event', 'approval_received', 'waiting', true]]);
    expect(open.tasks[1].fireAt).toBe('2026-01-05T09:00:05.000Z');

    h.wait(5000).step((s) => { s.fired(0); s.finished('Cancelled'); });
    h.wait(100).step((s) => s.raised('approval_received', { approved: true }));
    const ended = historyToTasks(h.events, { status: 'COMPLETED' });
    expect(ended.tasks.map((t) => [t.kind, t.name, t.outcome])).toEqual([
      ['timer', 'timer', 'completed'],
      ['event', 'approval_received', 'timedOut'],
      ['event', 'approval_received', 'unmatched'],
    ]);
    expect(flowLinks(ended)).toEqual(['start>timer', 'start>approval_received', 'timer>complete', 'approval_received>complete']);
  });

  it('completes the wait when the event wins, leaving the timer open', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('purchase'); s.race(5000, 'approval_received'); });
    h.wait(1000).step((s) => { s.raised('Approval_Received', { approved: true }); s.activity('place_order'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });
    expect(model.tasks.map((t) => [t.kind, t.name, t.outcome])).toEqual([
      ['timer', 'timer', 'waiting'],
      ['event', 'approval_received', 'completed'],
      ['activity', 'place_order', 'running'],
    ]);
    expect(model.tasks[1].output).toBe('{"approved":true}');
  });
});
