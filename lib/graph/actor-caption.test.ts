import { describe, expect, test } from 'vitest';
import { actorCaption, eventActorCaption, markActorCaption, raisedByCaption } from './actor-caption';
import { historyToTasks } from './history-to-tasks';
import { eventRaised, executionResumed, executionStarted, executionSuspended, executionTerminated, orchestratorCompleted, orchestratorStarted, taskScheduled } from '../engine/history-builders';
import type { HistoryEvent, SequencedHistoryEvent } from '../engine/history-events';

const seq = (event: HistoryEvent): SequencedHistoryEvent => ({ ...event, sequence: 1 }) as SequencedHistoryEvent;
const clock = () => '10:42';

describe('actor captions', () => {
  test('a pause by a person with a reason reads "paused by <name> · <time> · reason: <text>"', () => {
    expect(eventActorCaption(seq(executionSuspended('2026-12-02T10:42:00Z', 'checking stock', { kind: 'person', name: 'Ada' })), clock)).toBe('paused by Ada · 10:42 · reason: checking stock');
  });

  test('terminate and raise name their actor; a reason without an actor still shows; nothing known: no caption', () => {
    expect(eventActorCaption(seq(executionTerminated('2026-12-02T10:42:00Z', undefined, true, { actor: { kind: 'token', name: "API token 'ci'" } })), clock)).toBe("terminated by API token 'ci' · 10:42");
    expect(eventActorCaption(seq(eventRaised('2026-12-02T10:42:00Z', 'approval', undefined, { kind: 'local', name: 'local user' })), clock)).toBe('raised by local user · 10:42');
    expect(actorCaption('resumed', undefined, '10:42', 'stock arrived')).toBe('resumed · 10:42 · reason: stock arrived');
    expect(eventActorCaption(seq(executionSuspended('2026-12-02T10:42:00Z')), clock)).toBeUndefined();
    expect(eventActorCaption(seq(taskScheduled(1, '2026-12-02T10:42:00Z', 'charge', undefined)), clock)).toBeUndefined();
  });

  test('the timeline model carries who started, paused, resumed and raised, and the marks and events say so', () => {
    const ada = { kind: 'person', name: 'Ada' };
    const at = (s: number) => `2026-12-02T10:4${s}:00.000Z`;
    const history = [
      orchestratorStarted(at(0)),
      executionStarted(at(0), { name: 'Order', instanceId: 'o-1', executionId: 'x', actor: { kind: 'token', name: "API token 'ci'" } }),
      orchestratorCompleted(at(0)),
      executionSuspended(at(2), 'checking stock', ada),
      executionResumed(at(3), undefined, ada),
      orchestratorStarted(at(4)),
      eventRaised(at(4), 'approval', '{"ok":true}', ada),
      orchestratorCompleted(at(4)),
    ].map((event, sequence) => ({ ...event, sequence }) as SequencedHistoryEvent);
    const model = historyToTasks(history);
    const time = (iso: string) => iso.slice(11, 16);
    expect(model.marks.map((mark) => markActorCaption(mark, time))).toEqual(["started by API token 'ci' · 10:40", 'paused by Ada · 10:42 · reason: checking stock', 'resumed by Ada · 10:43']);
    expect(model.tasks.map((task) => raisedByCaption(task, time))).toEqual(['raised by Ada · 10:44']);
  });
});
