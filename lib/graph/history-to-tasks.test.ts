import { describe, expect, it } from 'vitest';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { HistoryFixture } from './history-fixture';
import { historyToTasks } from './history-to-tasks';
import { attemptLabel } from './labels';
import { taskLinks } from './task-links';
import type { TimelineModel } from './timeline-model';

function byName(model: TimelineModel, name: string) {
  const task = model.tasks.find((t) => t.name === name);
  if (!task) throw new Error(`no task ${name}`);
  return task;
}

function flowLinks(model: TimelineModel): string[] {
  const label = (id: string) => model.tasks.find((t) => t.id === id)?.name ?? model.marks.find((m) => m.id === id)?.kind;
  return taskLinks(model).filter((l) => l.kind === 'flow').map((l) => `${label(l.from)}>${label(l.to)}`);
}

describe('historyToTasks', () => {
  it('turns a chain of activities into tasks that follow one another', () => {
    const h = new HistoryFixture();
    let a = 0;
    let b = 0;
    h.step((s) => { s.started('order', { id: 7 }); a = s.activity('reserve', { id: 7 }); });
    h.wait(1500).step((s) => { s.completed(a, { ok: true }); b = s.activity('charge'); });
    h.wait(500).step((s) => { s.completed(b, 'paid'); s.finished('done'); });
    const model = historyToTasks(h.events, { status: 'COMPLETED' });

    expect(model.tasks.map((t) => [t.name, t.kind, t.outcome])).toEqual([
      ['reserve', 'activity', 'completed'],
      ['charge', 'activity', 'completed'],
    ]);
    expect(byName(model, 'reserve')).toMatchObject({ input: '{"id":7}', output: '{"ok":true}', step: 0, endStep: 1 });
    expect(flowLinks(model)).toEqual(['start>reserve', 'reserve>charge', 'charge>complete']);
    expect(model.marks.map((m) => m.kind)).toEqual(['start', 'complete']);
  });

  it('joins a fan-out: the task after the fan-in follows every branch', () => {
    const h = new HistoryFixture();
    const ids: number[] = [];
    h.step((s) => { s.started('fan'); ids.push(s.activity('a'), s.activity('b'), s.activity('c')); });
    h.wait(100).step((s) => s.completed(ids[1]));
    h.wait(100).step((s) => s.completed(ids[0]));
    h.wait(100).step((s) => { s.completed(ids[2]); s.activity('sum'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });

    expect(flowLinks(model)).toEqual(['start>a', 'start>b', 'start>c', 'b>sum', 'a>sum', 'c>sum']);
    expect(byName(model, 'sum')).toMatchObject({ outcome: 'running', current: true });
  });

  it('folds retries into one task with its attempts, and shows a pending back-off as waiting', () => {
    const h = new HistoryFixture();
    let first = 0;
    h.step((s) => { s.started('pay'); first = s.activity('charge', { amount: 5 }); });
    h.wait(200).step((s) => { s.failed(first, 'card declined'); s.timer(1000, 'retry', 'charge'); });
    h.wait(1000).step((s) => { s.fired(1); s.activity('charge', { amount: 5 }, { retryOf: first, attempt: 2 }); });
    h.wait(200).step((s) => { s.failed(2, 'card declined again'); s.timer(2000, 'retry', 'charge'); });
    const waiting = { ...nothingWaited(), timers: [{ taskId: 3, fireAt: '2026-01-05T09:00:03.400Z', purpose: 'retry' as const, name: 'charge' }] };
    const model = historyToTasks(h.events, { status: 'RUNNING', waitingOn: waiting });

    expect(model.tasks).toHaveLength(1);
    const charge = model.tasks[0];
    expect(charge.attempts.map((a) => [a.attempt, a.outcome, a.failure?.message])).toEqual([
      [1, 'failed', 'card declined'],
      [2, 'failed', 'card declined again'],
    ]);
    expect(charge).toMatchObject({ outcome: 'waiting', current: true, retryAt: '2026-01-05T09:00:03.400Z', taskIds: [0, 1, 2, 3] });
    expect(flowLinks(model)).toEqual(['start>charge']);
  });

  it('labels a retried task with the attempt number out of the retry policy maximum', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('pay'); s.activity('charge', undefined, { maxAttempts: 5 }); });
    h.wait(100).step((s) => { s.failed(0, 'flaky'); s.timer(500, 'retry', 'charge'); });
    h.wait(500).step((s) => { s.fired(1); s.activity('charge', undefined, { retryOf: 0, attempt: 2, maxAttempts: 5 }); });
    const charge = historyToTasks(h.events).tasks.find((t) => t.name === 'charge')!;
    expect(charge.maxAttempts).toBe(5);
    expect(attemptLabel(charge)).toBe('attempt 2 of 5');
    expect(attemptLabel({ attempts: [1, 2, 3] })).toBe('attempt 3');
  });

  it('marks a retried task completed by its last attempt and lets only that completion lead on', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('pay'); s.activity('charge'); });
    h.wait(100).step((s) => { s.failed(0, 'flaky'); s.timer(500, 'retry', 'charge'); });
    h.wait(500).step((s) => { s.fired(1); s.activity('charge', undefined, { retryOf: 0, attempt: 2 }); });
    h.wait(100).step((s) => { s.completed(2, 'ok'); s.activity('ship'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });

    expect(byName(model, 'charge')).toMatchObject({ outcome: 'completed', output: '"ok"', failure: undefined, endStep: 3 });
    expect(flowLinks(model)).toEqual(['start>charge', 'charge>ship']);
  });

  it('draws no timer for an SDK endless event wait (a timer due in year 9999)', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('py'); s.timer(Date.parse('9999-12-31T23:59:59.999Z') - Date.parse('2026-01-05T09:00:00.000Z')); });
    const model = historyToTasks(h.events, { status: 'RUNNING', waitingOn: { ...nothingWaited(), unnamedEvent: { since: h.events[0].timestamp } } });
    expect(model.tasks.filter((t) => t.kind === 'timer')).toEqual([]);
  });

  it('shows a durable timer that fired, and one still pending as waiting', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('sleepy'); s.timer(60_000); });
    h.wait(60_000).step((s) => { s.fired(0); s.timer(30_000); });
    const model = historyToTasks(h.events, { status: 'RUNNING', waitingOn: { ...nothingWaited(), timers: [{ taskId: 1, fireAt: 'x', purpose: 'timer' }] } });

    expect(model.tasks.map((t) => [t.kind, t.outcome, t.current])).toEqual([
      ['timer', 'completed', false],
      ['timer', 'waiting', true],
    ]);
    expect(model.tasks[0].fireAt).toBe('2026-01-05T09:01:00.000Z');
  });

  it('adds the external event an instance waits for (no history of it yet) as a waiting, current task', () => {
    const h = new HistoryFixture();
    h.step((s) => s.started('approval'));
    const waitingOn = { ...nothingWaited(), events: [{ name: 'manager_approval', since: h.events[0].timestamp }] };
    const model = historyToTasks(h.events, { status: 'RUNNING', waitingOn });

    expect(model.tasks).toEqual([expect.objectContaining({ kind: 'event', name: 'manager_approval', outcome: 'waiting', current: true })]);
    expect(flowLinks(model)).toEqual(['start>manager_approval']);
  });

  it('shows an arrived event with its payload, following what came before and leading on', () => {
    const h = new HistoryFixture();
    h.step((s) => s.started('approval'));
    h.wait(5000).step((s) => { s.raised('Manager_Approval', { approval: true }); s.activity('ship'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });

    expect(byName(model, 'Manager_Approval')).toMatchObject({ kind: 'event', outcome: 'completed', output: '{"approval":true}' });
    expect(flowLinks(model)).toEqual(['start>Manager_Approval', 'Manager_Approval>ship']);
  });

  it('gives an event wait with a timeout its deadline, and shows it timed out when the timer won', () => {
    const waiting = new HistoryFixture();
    waiting.step((s) => { s.started('approval'); s.timer(3_600_000, 'eventTimeout', 'approval'); });
    const events = [{ name: 'approval', since: waiting.events[0].timestamp, deadline: '2026-01-05T10:00:00.000Z' }];
    const open = historyToTasks(waiting.events, { status: 'RUNNING', waitingOn: { ...nothingWaited(), events } });
    expect(open.tasks).toEqual([expect.objectContaining({ kind: 'event', name: 'approval', outcome: 'waiting', current: true, fireAt: '2026-01-05T10:00:00.000Z' })]);

    waiting.wait(3_600_000).step((s) => { s.fired(0); s.activity('escalate'); });
    const timedOut = historyToTasks(waiting.events, { status: 'RUNNING' });
    expect(byName(timedOut, 'approval')).toMatchObject({ outcome: 'timedOut', current: false });
    expect(flowLinks(timedOut)).toEqual(['start>approval', 'approval>escalate']);
  });

  it('completes a timed event wait when the event arrives first, ignoring the stale timer', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('approval'); s.timer(60_000, 'eventTimeout', 'approval'); });
    h.wait(1000).step((s) => { s.raised('approval', { ok: 1 }); s.finished(); });
    h.wait(59_000).step((s) => s.fired(0));
    const model = historyToTasks(h.events, { status: 'COMPLETED' });
    expect(model.tasks).toEqual([expect.objectContaining({ name: 'approval', outcome: 'completed', output: '{"ok":1}' })]);
  });

  it('keeps a child workflow as one task with the child instance ID to link to', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('parent'); s.child('shipping', 'parent-child-0'); });
    h.wait(900).step((s) => { s.completed(0, { tracking: 'X1' }, true); s.finished(); });
    const model = historyToTasks(h.events, { status: 'COMPLETED' });
    expect(model.tasks).toEqual([expect.objectContaining({ kind: 'child', childInstanceId: 'parent-child-0', outcome: 'completed', output: '{"tracking":"X1"}' })]);
  });

  it('shows a child whose instance was terminated as terminated, not failed or canceled', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('parent'); s.child('shipping', 'parent-child-0'); });
    h.wait(300).step((s) => { s.failed(0, "child workflow 'parent-child-0' was terminated", true, 'WorkflowTerminated'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });
    expect(byName(model, 'shipping')).toMatchObject({ kind: 'child', outcome: 'terminated' });
  });

  it('records a failed task and the failed instance with their errors', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('order'); s.activity('charge'); });
    h.wait(100).step((s) => { s.failed(0, 'card declined'); s.crashed("activity 'charge' failed: card declined"); });
    const model = historyToTasks(h.events, { status: 'FAILED' });

    expect(byName(model, 'charge')).toMatchObject({ outcome: 'failed', failure: { errorType: 'Error', message: 'card declined' } });
    expect(model.marks.at(-1)).toMatchObject({ kind: 'fail', failure: { message: "activity 'charge' failed: card declined" } });
    expect(flowLinks(model)).toEqual(['start>charge', 'charge>fail']);
  });

  it('marks pause and resume, links them, and highlights a pause still in force', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('order'); s.activity('a'); });
    h.wait(100).step((s) => s.suspended('maintenance'));
    h.wait(100).step((s) => s.completed(0));
    h.wait(1000).step((s) => { s.resumed(); s.activity('b'); });
    h.wait(100).step((s) => s.suspended());
    const model = historyToTasks(h.events, { status: 'SUSPENDED' });

    expect(model.marks.map((m) => [m.kind, m.current])).toEqual([['start', false], ['pause', false], ['resume', false], ['pause', true]]);
    expect(model.marks[1].reason).toBe('maintenance');
    expect(taskLinks(model).filter((l) => l.kind === 'suspension')).toEqual([{ from: model.marks[1].id, to: model.marks[2].id, kind: 'suspension' }]);
    expect(flowLinks(model)).toEqual(['start>a', 'a>b']);
  });

  it('cancels what was open when the instance is terminated', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('order'); s.activity('slow'); s.timer(10_000); });
    h.wait(100).step((s) => s.terminated());
    const model = historyToTasks(h.events, { status: 'TERMINATED' });
    expect(model.tasks.map((t) => [t.name, t.outcome, t.current])).toEqual([['slow', 'canceled', false], ['timer', 'canceled', false]]);
    expect(model.marks.map((m) => m.kind)).toEqual(['start', 'terminate']);
  });

  it('shows open children of a recursively terminated instance as terminated, and as canceled when only the parent was terminated', () => {
    const history = (recurse: boolean) => {
      const h = new HistoryFixture();
      h.step((s) => { s.started('parent'); s.child('shipping', 'parent-child-0'); s.child('billing', 'parent-child-1'); s.activity('notify'); });
      h.wait(300).step((s) => s.completed(1, 'billed', true));
      h.wait(100).step((s) => s.terminated(recurse));
      return historyToTasks(h.events, { status: 'TERMINATED' });
    };
    const outcomes = (model: TimelineModel) => model.tasks.map((t) => [t.name, t.outcome]);
    expect(outcomes(history(true))).toEqual([['shipping', 'terminated'], ['billing', 'completed'], ['notify', 'canceled']]);
    expect(outcomes(history(false))).toEqual([['shipping', 'canceled'], ['billing', 'completed'], ['notify', 'canceled']]);
  });

  it('marks a continue-as-new restart with its generation', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('monitor', { n: 3 }, 3); s.activity('check'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });
    expect(model.marks[0]).toMatchObject({ kind: 'restart', generation: 3, label: 'Continued as new #3', payload: '{"n":3}' });
    expect(flowLinks(model)).toEqual(['restart>check']);
  });
});
