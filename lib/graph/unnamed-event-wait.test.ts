// The timeline of a remote instance that waits on nothing it scheduled (waitingOn.unnamedEvent): an SDK's
// waitForExternalEvent without a timeout leaves no trace in history, so the graph shows one raisable wait
// for an event of any name, current, after the step that left the instance waiting.
import { describe, expect, it } from 'vitest';
import { nothingWaited, type WaitingOn } from '@/lib/engine/waiting-on';
import { HistoryFixture } from './history-fixture';
import { historyToFlow } from './history-to-flow';
import { UNNAMED_EVENT_NAME } from './settle-timeline';

const unnamed = (since: string, events: WaitingOn['events'] = []): WaitingOn => ({ ...nothingWaited(), events, unnamedEvent: { since } });

/** A remote history: an activity, then a step that schedules nothing (the SDK waits for an event). */
function waitingHistory(): HistoryFixture {
  const h = new HistoryFixture({ firstTaskId: 1 });
  h.step((s) => { s.started('RemoteWaitWorkflow'); s.activity('prepare'); });
  h.wait(200).step((s) => s.completed(1, 'ready'));
  return h;
}

const eventNodes = (waitingOn: WaitingOn, status: 'RUNNING' | 'COMPLETED' = 'RUNNING') =>
  historyToFlow(waitingHistory().events, { status, waitingOn }).nodes.flatMap((n) => (n.type === 'task' && n.data.task.kind === 'event' ? [n] : []));

describe('an unnamed event wait on the timeline', () => {
  it('adds one current, raisable wait for an event of any name, since the last step', () => {
    const [node, ...others] = eventNodes(unnamed('2026-01-05T09:00:00.200Z'));
    expect(others).toEqual([]);
    expect(node.data.task).toMatchObject({ name: UNNAMED_EVENT_NAME, unnamed: true, outcome: 'waiting', current: true, startedAt: '2026-01-05T09:00:00.200Z', step: 1 });
    expect(node.data.raisable).toBe(true);
    expect(node.ariaLabel).toBe(`External event ${UNNAMED_EVENT_NAME}, Waiting`);
  });

  it('is left out when the instance names its event waits (declared events stand for it) or has ended', () => {
    const named = eventNodes(unnamed('2026-01-05T09:00:00.200Z', [{ name: 'approval', since: '2026-01-05T09:00:00.200Z', deadline: '2026-01-05T10:00:00.000Z' }]));
    expect(named.map((n) => [n.data.task.name, n.data.task.unnamed, n.data.task.fireAt])).toEqual([['approval', undefined, '2026-01-05T10:00:00.000Z']]);
    expect(eventNodes(unnamed('2026-01-05T09:00:00.200Z'), 'COMPLETED')).toEqual([]);
    expect(eventNodes(nothingWaited())).toEqual([]);
  });
});
