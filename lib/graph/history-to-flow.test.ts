import { describe, expect, it } from 'vitest';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { HistoryFixture } from './history-fixture';
import { historyToFlow, type TimelineFlow, type TimelineNode } from './history-to-flow';

function node(flow: TimelineFlow, label: string): TimelineNode {
  const found = flow.nodes.find((n) =>
    n.type === 'task' ? n.data.task.name === label : n.type === 'taskGroup' ? n.data.group.label === label : n.data.mark.kind === label,
  );
  if (!found) throw new Error(`no node ${label}`);
  return found;
}

function fanOutHistory(): HistoryFixture {
  const h = new HistoryFixture();
  h.step((s) => { s.started('fan'); s.activity('a'); s.activity('b'); s.activity('c'); });
  h.wait(300).step((s) => s.completed(0));
  h.wait(2000).step((s) => s.completed(1));
  h.wait(100).step((s) => { s.completed(2); s.activity('sum'); });
  h.wait(100).step((s) => { s.completed(3); s.finished(); });
  return h;
}

describe('historyToFlow', () => {
  it('puts parallel tasks in separate lanes and joins them at the fan-in', () => {
    const flow = historyToFlow(fanOutHistory().events, { status: 'COMPLETED' });
    const lanes = ['a', 'b', 'c'].map((n) => node(flow, n).position.y);
    expect(new Set(lanes).size).toBe(3);
    expect(node(flow, 'sum').position.y).toBe(node(flow, 'a').position.y);
    expect(flow.lanes.filter((l) => l.kind === 'lane')).toHaveLength(3);
    const into = flow.edges.filter((e) => e.target === node(flow, 'sum').id).map((e) => e.source);
    expect(into.sort()).toEqual(['t0', 't1', 't2']);
  });

  it('runs time left to right, farther apart for longer gaps, with no overlap in a lane', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('chain'); s.activity('a'); });
    h.wait(50).step((s) => { s.completed(0); s.activity('b'); });
    h.wait(3_600_000).step((s) => { s.completed(1); s.activity('c'); });
    const flow = historyToFlow(h.events, { status: 'RUNNING' });
    const [start, a, b, c] = [node(flow, 'start'), node(flow, 'a'), node(flow, 'b'), node(flow, 'c')].map((n) => n.position.x);
    expect(start).toBeLessThan(a);
    expect(b - a).toBeGreaterThanOrEqual(232);
    expect(c - b).toBeGreaterThan(b - a);
  });

  it('in step order, places each step in its own column regardless of elapsed time', () => {
    const flow = historyToFlow(fanOutHistory().events, { status: 'COMPLETED', mode: 'steps' });
    const a = node(flow, 'a').position.x;
    expect(node(flow, 'b').position.x).toBe(a);
    expect(node(flow, 'c').position.x).toBe(a);
    expect(node(flow, 'sum').position.x).toBeGreaterThan(a + 232);
    expect(node(flow, 'complete').position.x).toBeGreaterThan(node(flow, 'sum').position.x + 232);
  });

  it('reports durations, styles nodes by outcome, and animates the edge into running work', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('chain'); s.activity('a'); });
    h.wait(1500).step((s) => { s.completed(0); s.activity('b'); });
    const flow = historyToFlow(h.events, { status: 'RUNNING', now: '2026-01-05T09:00:04.500Z' });
    const a = node(flow, 'a');
    const b = node(flow, 'b');
    expect(a.type === 'task' && a.data.durationMs).toBe(1500);
    expect(b.type === 'task' && b.data.durationMs).toBe(3000);
    expect(b.className).toContain('is-running');
    expect(b.className).toContain('is-current');
    expect(flow.edges.find((e) => e.target === b.id)?.animated).toBe(true);
  });

  it('gives a waiting external event node a Raise action', () => {
    const h = new HistoryFixture();
    h.step((s) => s.started('approval'));
    const waitingOn = { ...nothingWaited(), events: [{ name: 'approval', since: h.events[0].timestamp }] };
    const flow = historyToFlow(h.events, { status: 'RUNNING', waitingOn });
    const wait = node(flow, 'approval');
    expect(wait.type === 'task' && wait.data.raisable).toBe(true);
    expect(flow.edges.map((e) => [e.source, e.target])).toEqual([[node(flow, 'start').id, wait.id]]);
  });

  it('puts pause and resume on a lifecycle row above the lanes, linked by a suspension edge', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('order'); s.activity('a'); });
    h.wait(100).step((s) => s.suspended());
    h.wait(60_000).step((s) => s.resumed());
    const flow = historyToFlow(h.events, { status: 'RUNNING' });
    expect(node(flow, 'pause').position.y).toBeLessThan(0);
    expect(node(flow, 'resume').position.y).toBe(node(flow, 'pause').position.y);
    expect(flow.lanes[0].kind).toBe('lifecycle');
    expect(flow.edges.find((e) => e.source === node(flow, 'pause').id)?.target).toBe(node(flow, 'resume').id);
  });

  it('sizes task boxes by duration in Time mode (the next task still starts after the box), not in step order', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('chain'); s.activity('quick'); });
    h.wait(100).step((s) => { s.completed(0); s.timer(12_000); });
    h.wait(12_000).step((s) => { s.fired(1); s.activity('last'); });
    const time = historyToFlow(h.events, { status: 'RUNNING', mode: 'time' });
    expect(node(time, 'timer').width).toBeGreaterThan(2 * (node(time, 'quick').width ?? 0));
    expect(node(time, 'last').position.x).toBeGreaterThanOrEqual(node(time, 'timer').position.x + (node(time, 'timer').width ?? 0));
    const steps = historyToFlow(h.events, { status: 'RUNNING', mode: 'steps' });
    expect(node(steps, 'timer').width).toBe(node(steps, 'quick').width);
    // A wide box's outgoing edge leaves from its right edge, and its declared size counts as measured.
    const timer = node(time, 'timer');
    const source = timer.handles?.find((handle) => handle.type === 'source');
    expect(source!.x + source!.width!).toBeGreaterThan((timer.width ?? 0) - 8);
    expect(timer.measured).toEqual({ width: timer.width, height: timer.height });
  });
});
