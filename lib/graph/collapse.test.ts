import { describe, expect, it } from 'vitest';
import { HistoryFixture } from './history-fixture';
import { historyToFlow, type TimelineFlow } from './history-to-flow';

/** A workflow that calls `process_item` `n` times one after another. */
function sequential(h: HistoryFixture, n: number, first: number): number {
  let id = first;
  for (let i = 0; i < n; i++) {
    h.wait(20).step((s) => {
      if (i > 0 || first >= 0) s.completed(id);
      id = s.activity('process_item', { i });
    });
  }
  return id;
}

function groups(flow: TimelineFlow) {
  return flow.nodes.flatMap((n) => (n.type === 'taskGroup' ? [n.data.group] : []));
}

describe('collapsing big histories', () => {
  it('collapses a run of the same sequential activity into one group node that expands on request', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('batch'); s.activity('load'); });
    const last = sequential(h, 12, 0);
    h.wait(20).step((s) => { s.completed(last); s.finished(); });
    const flow = historyToFlow(h.events, { status: 'COMPLETED' });

    expect(groups(flow)).toEqual([expect.objectContaining({ shape: 'sequence', label: 'process_item', repeats: 12, counts: { completed: 12 } })]);
    expect(flow.nodes.map((n) => n.type)).toEqual(['mark', 'mark', 'task', 'taskGroup']);
    const group = groups(flow)[0];
    expect(flow.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['m1>t0', `t0>${group.id}`, `${group.id}>m${h.events.length - 2}`]);

    const expanded = historyToFlow(h.events, { status: 'COMPLETED', expandedGroups: new Set([group.id]) });
    expect(groups(expanded)).toHaveLength(0);
    expect(expanded.nodes.filter((n) => n.type === 'task')).toHaveLength(13);
  });

  it('leaves short runs alone', () => {
    const h = new HistoryFixture();
    h.step((s) => s.started('batch'));
    sequential(h, 4, -1);
    expect(groups(historyToFlow(h.events, { status: 'RUNNING' }))).toHaveLength(0);
  });

  it('collapses a repeated pair (activity then timer) into one group', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('monitor'); s.activity('check'); });
    let id = 0;
    for (let i = 0; i < 8; i++) {
      h.wait(10).step((s) => { s.completed(id); id = s.timer(1000); });
      h.wait(1000).step((s) => { s.fired(id); id = s.activity('check'); });
    }
    const flow = historyToFlow(h.events, { status: 'RUNNING' });
    expect(groups(flow)).toEqual([expect.objectContaining({ label: 'check → timer', repeats: 8 })]);
    expect(flow.nodes.filter((n) => n.type === 'task').map((n) => n.type === 'task' && n.data.task.outcome)).toEqual(['running']);
  });

  it('collapses a fan-out wider than 50 lanes into a group with counts by outcome', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('fan'); for (let i = 0; i < 80; i++) s.activity('resize', { i }); });
    for (let i = 0; i < 79; i++) h.wait(5).step((s) => (i % 10 === 0 ? s.failed(i, 'boom') : s.completed(i)));
    const flow = historyToFlow(h.events, { status: 'RUNNING' });

    expect(groups(flow)).toEqual([
      expect.objectContaining({ shape: 'parallel', label: 'resize', repeats: 80, counts: { completed: 71, failed: 8, running: 1 }, outcome: 'running' }),
    ]);
    expect(flow.lanes.filter((l) => l.kind === 'lane')).toHaveLength(1);
  });

  it('keeps a 5,000-event history to a handful of nodes', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('big'); s.activity('load'); });
    let last = sequential(h, 950, 0);
    h.wait(20).step((s) => {
      s.completed(last);
      for (let i = 0; i < 300; i++) s.activity('fan_item', { i });
    });
    const firstFan = last + 1;
    for (let i = 0; i < 300; i++) h.wait(3).step((s) => s.completed(firstFan + i));
    h.step((s) => { last = s.activity('summarize'); });
    h.wait(50).step((s) => { s.completed(last); s.finished(); });
    expect(h.events.length).toBeGreaterThanOrEqual(5000);

    const started = performance.now();
    const flow = historyToFlow(h.events, { status: 'COMPLETED' });
    const elapsed = performance.now() - started;
    console.info(`historyToFlow: ${h.events.length} events, ${flow.taskCount} tasks -> ${flow.nodes.length} nodes, ${flow.edges.length} edges in ${elapsed.toFixed(1)} ms`);

    expect(flow.taskCount).toBe(1252);
    expect(flow.nodes.length).toBeLessThanOrEqual(10);
    expect(flow.hiddenTaskCount).toBe(1250);
    expect(groups(flow).map((g) => [g.shape, g.label, g.repeats])).toEqual([
      ['parallel', 'fan_item', 300],
      ['sequence', 'process_item', 950],
    ]);
  });
});
