// The timeline graph of histories written for remote Dapr SDK workers: no retry bookkeeping on scheduling events,
// every timer a plain 'timer' without a name, task IDs from 1, child IDs like `parent:0001`, and event waits that
// leave no trace until their EventRaised arrives (what the instance waits for lists open tasks and timers only).
import { describe, expect, it } from 'vitest';
import { nothingWaited, type WaitingOn } from '@/lib/engine/waiting-on';
import { HistoryFixture } from './history-fixture';
import { historyToFlow, type FlowOptions, type TimelineFlow } from './history-to-flow';

/** A history as the remote path records it: task IDs start at 1. */
const remote = () => new HistoryFixture({ firstTaskId: 1 });

/** What a remote instance waits for: the tasks still open (an event wait is never known). */
function waits(open: { activities?: [number, string][]; timers?: [number, string][]; children?: [number, string, string][] }): WaitingOn {
  return {
    ...nothingWaited(),
    activities: (open.activities ?? []).map(([taskId, name]) => ({ taskId, name, scheduledAt: '2026-01-05T09:00:00.000Z', attempt: 1 })),
    timers: (open.timers ?? []).map(([taskId, fireAt]) => ({ taskId, fireAt, purpose: 'timer' as const })),
    children: (open.children ?? []).map(([taskId, instanceId, name]) => ({ taskId, instanceId, name })),
  };
}

/** Every node of the graph as [what it shows, its status, whether it is current], in the graph's order. */
function nodes(h: HistoryFixture, options: FlowOptions): [string, string, boolean][] {
  return describeNodes(historyToFlow(h.events, options));
}

function describeNodes(flow: TimelineFlow): [string, string, boolean][] {
  return flow.nodes.map((n) => {
    if (n.type === 'task') return [`${n.data.task.kind}:${n.data.task.name}#${n.data.task.taskIds.join(',')}`, n.data.task.outcome, n.data.task.current];
    if (n.type === 'taskGroup') return [`group:${n.data.group.label}`, n.data.group.outcome, n.data.group.current];
    return [`mark:${n.data.mark.kind}`, n.data.mark.label, n.data.mark.current];
  });
}

/** The graph's edges as "source>target" by task name or mark kind. */
function edges(flow: TimelineFlow): string[] {
  const label = new Map(flow.nodes.map((n) => [n.id, n.type === 'task' ? n.data.task.name : n.type === 'taskGroup' ? n.data.group.label : n.data.mark.kind]));
  return flow.edges.map((e) => `${label.get(e.source)}>${label.get(e.target)}`);
}

describe('historyToFlow without the in-process hints', () => {
  it('chains activities numbered from 1', () => {
    const h = remote();
    h.step((s) => { s.started('chain', 1); s.activity('add'); });
    h.wait(100).step((s) => { s.completed(1, 2); s.activity('double', 2); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[2, 'double']] }) })).toEqual([
      ['mark:start', 'Started', false],
      ['activity:add#1', 'completed', false],
      ['activity:double#2', 'running', true],
    ]);

    h.wait(100).step((s) => { s.completed(2, 4); s.finished(4); });
    const flow = historyToFlow(h.events, { status: 'COMPLETED', waitingOn: nothingWaited() });
    expect(describeNodes(flow)).toEqual([
      ['mark:start', 'Started', false],
      ['mark:complete', 'Completed', false],
      ['activity:add#1', 'completed', false],
      ['activity:double#2', 'completed', false],
    ]);
    expect(edges(flow)).toEqual(['start>add', 'add>double', 'double>complete']);
  });

  it('fans out and in: open branches run, finished ones are done, the fan-in follows every branch', () => {
    const h = remote();
    h.step((s) => { s.started('fan'); s.activity('work', 1); s.activity('work', 2); s.activity('work', 3); });
    h.wait(100).step((s) => s.completed(2, 4));
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[1, 'work'], [3, 'work']] }) })).toEqual([
      ['mark:start', 'Started', false],
      ['activity:work#1', 'running', true],
      ['activity:work#2', 'completed', false],
      ['activity:work#3', 'running', true],
    ]);

    h.wait(100).step((s) => { s.completed(1, 2); s.completed(3, 6); s.activity('sum'); });
    const flow = historyToFlow(h.events, { status: 'RUNNING', waitingOn: waits({ activities: [[4, 'sum']] }) });
    expect(describeNodes(flow).slice(1)).toEqual([
      ['activity:work#1', 'completed', false],
      ['activity:work#2', 'completed', false],
      ['activity:work#3', 'completed', false],
      ['activity:sum#4', 'running', true],
    ]);
    expect(flow.edges.filter((e) => e.target === 't4').map((e) => e.source).sort()).toEqual(['t1', 't2', 't3']);
  });

  it('folds an activity retried by workflow code after a plain back-off timer into attempts of one task', () => {
    const h = remote();
    h.step((s) => { s.started('pay'); s.activity('charge', { amount: 5 }); });
    h.wait(200).step((s) => { s.failed(1, 'card declined'); s.timer(1000); });
    // During the back-off nothing says the timer is one: the failed call and the timer are drawn as they are.
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ timers: [[2, '2026-01-05T09:00:01.200Z']] }) })).toEqual([
      ['mark:start', 'Started', false],
      ['activity:charge#1', 'failed', false],
      ['timer:timer#2', 'waiting', true],
    ]);

    h.wait(1000).step((s) => { s.fired(2); s.activity('charge', { amount: 5 }); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[3, 'charge']] }) }).slice(1)).toEqual([
      ['activity:charge#1,2,3', 'running', true],
    ]);

    h.wait(200).step((s) => { s.completed(3, 'paid'); s.finished('paid'); });
    const flow = historyToFlow(h.events, { status: 'COMPLETED', waitingOn: nothingWaited() });
    expect(describeNodes(flow)).toEqual([
      ['mark:start', 'Started', false],
      ['mark:complete', 'Completed', false],
      ['activity:charge#1,2,3', 'completed', false],
    ]);
    const charge = flow.nodes.find((n) => n.id === 't1');
    expect(charge?.type === 'task' && charge.data.task.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'failed'], [2, 'completed']]);
    expect(edges(flow)).toEqual(['start>charge', 'charge>complete']);
  });

  it('folds an activity retried at once in the same step into attempts of one task', () => {
    const h = remote();
    h.step((s) => { s.started('pay'); s.activity('charge'); });
    h.wait(200).step((s) => { s.failed(1, 'flaky'); s.activity('charge'); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[2, 'charge']] }) }).slice(1)).toEqual([
      ['activity:charge#1,2', 'running', true],
    ]);
  });

  it('shows a call that failed every attempt as failed, and one that succeeded at the sixth as completed (not a failed group)', () => {
    const attempts = (lastSucceeds: boolean) => {
      const h = remote();
      let id = 0;
      h.step((s) => { s.started('pay'); id = s.activity('charge'); });
      for (let i = 0; i < 5; i++) h.wait(100).step((s) => { s.failed(id, `attempt ${i + 1}`); id = s.activity('charge'); });
      h.wait(100).step((s) => (lastSucceeds ? s.completed(id) : s.failed(id, 'attempt 6')));
      h.step((s) => (lastSucceeds ? s.finished() : s.crashed('charge failed')));
      return nodes(h, { status: lastSucceeds ? 'COMPLETED' : 'FAILED', waitingOn: nothingWaited() }).slice(2);
    };
    expect(attempts(true)).toEqual([['activity:charge#1,2,3,4,5,6', 'completed', false]]);
    expect(attempts(false)).toEqual([['activity:charge#1,2,3,4,5,6', 'failed', false]]);
  });

  it('shows a plain durable timer waiting, then fired', () => {
    const h = remote();
    h.step((s) => { s.started('reminder'); s.timer(10_000); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ timers: [[1, '2026-01-05T09:00:10.000Z']] }) })).toEqual([
      ['mark:start', 'Started', false],
      ['timer:timer#1', 'waiting', true],
    ]);
    h.wait(10_000).step((s) => { s.fired(1); s.activity('remind'); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[2, 'remind']] }) }).slice(1)).toEqual([
      ['timer:timer#1', 'completed', false],
      ['activity:remind#2', 'running', true],
    ]);
  });

  it('races an invisible event wait against a timer (whenAny): the event wins', () => {
    const h = remote();
    h.step((s) => { s.started('approval'); s.timer(3_600_000); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ timers: [[1, '2026-01-05T10:00:00.000Z']] }) })).toEqual([
      ['mark:start', 'Started', false],
      ['timer:timer#1', 'waiting', true],
    ]);

    h.wait(5000).step((s) => { s.raised('approve', { by: 'ann' }); s.activity('ship'); });
    // The losing timer is still due (nothing cancels a durable timer): it stays open until it fires or the instance ends.
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[2, 'ship']], timers: [[1, '2026-01-05T10:00:00.000Z']] }) }).slice(1)).toEqual([
      ['timer:timer#1', 'waiting', true],
      ['event:approve#', 'completed', false],
      ['activity:ship#2', 'running', true],
    ]);

    h.wait(100).step((s) => { s.completed(2); s.finished('approved'); });
    expect(nodes(h, { status: 'COMPLETED', waitingOn: nothingWaited() }).slice(2)).toEqual([
      ['timer:timer#1', 'canceled', false],
      ['event:approve#', 'completed', false],
      ['activity:ship#2', 'completed', false],
    ]);
  });

  it('races an invisible event wait against a timer (whenAny): the timer wins', () => {
    const h = remote();
    h.step((s) => { s.started('approval'); s.timer(60_000); });
    h.wait(60_000).step((s) => { s.fired(1); s.activity('escalate'); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[2, 'escalate']] }) })).toEqual([
      ['mark:start', 'Started', false],
      ['timer:timer#1', 'completed', false],
      ['activity:escalate#2', 'running', true],
    ]);
  });

  it('shows a child with an SDK instance ID that fails, and the parent that fails with it', () => {
    const h = remote();
    h.step((s) => { s.started('parent'); s.child('shipping', 'parent:0001'); s.child('billing', 'parent:0002'); });
    h.wait(300).step((s) => s.completed(2, 'billed', true));
    const open = historyToFlow(h.events, { status: 'RUNNING', waitingOn: waits({ children: [[1, 'parent:0001', 'shipping']] }) });
    expect(describeNodes(open).slice(1)).toEqual([
      ['child:shipping#1', 'running', true],
      ['child:billing#2', 'completed', false],
    ]);
    const shipping = open.nodes.find((n) => n.id === 't1');
    expect(shipping?.type === 'task' && shipping.data.task.childInstanceId).toBe('parent:0001');

    h.wait(300).step((s) => { s.failed(1, 'no carrier', true); s.crashed("child workflow 'shipping' failed: no carrier"); });
    expect(nodes(h, { status: 'FAILED', waitingOn: nothingWaited() })).toEqual([
      ['mark:start', 'Started', false],
      ['mark:fail', 'Failed', false],
      ['child:shipping#1', 'failed', false],
      ['child:billing#2', 'completed', false],
    ]);
  });

  it('cancels every open activity, timer and child of an instance terminated without its children', () => {
    const h = remote();
    h.step((s) => { s.started('order'); s.activity('slow'); s.timer(60_000); s.child('audit', 'order:0003'); });
    h.wait(100).step((s) => s.completed(1));
    h.wait(100).step((s) => s.terminated(false));
    expect(nodes(h, { status: 'TERMINATED', waitingOn: nothingWaited() })).toEqual([
      ['mark:start', 'Started', false],
      ['mark:terminate', 'Terminated', false],
      ['activity:slow#1', 'completed', false],
      ['timer:timer#2', 'canceled', false],
      ['child:audit#3', 'canceled', false],
    ]);
  });

  it('starts a continued-as-new execution afresh, with the carried-over event arrived before any wait', () => {
    const h = remote();
    h.step((s) => { s.started('monitor', { n: 2 }, 2); s.raised('note', 'kept'); s.activity('check'); });
    expect(nodes(h, { status: 'RUNNING', waitingOn: waits({ activities: [[1, 'check']] }) })).toEqual([
      ['mark:restart', 'Continued as new #2', false],
      ['event:note#', 'completed', false],
      ['activity:check#1', 'running', true],
    ]);
  });
});
