import { describe, expect, it } from 'vitest';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { kindsIn, taskNames, toHistoryRow } from './history-rows';

const events: SequencedHistoryEvent[] = [
  { sequence: 0, kind: 'ExecutionStarted', eventId: -1, timestamp: 't0', name: 'Wf', instanceId: 'i', executionId: 'e', input: '{"n":1}' },
  { sequence: 1, kind: 'TaskScheduled', eventId: 0, timestamp: 't1', name: 'hello', input: '"Tokyo"' },
  { sequence: 2, kind: 'TaskCompleted', eventId: -1, timestamp: 't2', taskScheduledId: 0, result: 'not json' },
];

describe('history table rows', () => {
  it('names the task an event belongs to and parses its JSON payloads', () => {
    expect(toHistoryRow(events[1])).toMatchObject({ kind: 'TaskScheduled', name: 'hello', taskId: 0, details: { name: 'hello', input: 'Tokyo' } });
    expect(toHistoryRow(events[2], taskNames(events))).toMatchObject({ name: 'hello', taskId: 0, details: { result: 'not json' } });
    expect(toHistoryRow(events[0])).toMatchObject({ taskId: undefined, details: { input: { n: 1 } } });
  });

  it('lists the event kinds present, for the type filter', () => {
    expect(kindsIn(events)).toEqual(['ExecutionStarted', 'TaskScheduled', 'TaskCompleted']);
  });
});
