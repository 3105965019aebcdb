// diffHistories: what becomes a row, how two histories align, and where the first divergence is.
import { describe, expect, it } from 'vitest';
import * as b from '@/lib/engine/history-builders';
import type { HistoryEvent } from '@/lib/engine/history-events';
import { diffHistories, historyItems, timingDiffers } from './history-diff';

const T = (s: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, s)).toISOString();
const failure = { errorType: 'Error', message: 'odd' };

/** start(input) → double(n) → check(x) → end; `check` fails or completes, its result at `checkEnd` seconds. */
function chain(input: string, checkInput: string, ok: boolean, checkEnd = 3): HistoryEvent[] {
  return [
    b.orchestratorStarted(T(0)),
    b.executionStarted(T(0), { name: 'Chain', instanceId: 'i', executionId: 'x', input }),
    b.taskScheduled(0, T(0), 'double', input),
    b.orchestratorCompleted(T(0)),
    b.orchestratorStarted(T(1)),
    b.taskCompleted(T(1), 0, '-6'),
    b.taskScheduled(1, T(1), 'check', checkInput),
    b.orchestratorCompleted(T(1)),
    b.orchestratorStarted(T(checkEnd)),
    ok ? b.taskCompleted(T(checkEnd), 1, '"checked"') : b.taskFailed(T(checkEnd), 1, failure),
    ok ? b.executionCompleted(T(checkEnd), 'COMPLETED', { output: '"checked"' }) : b.executionCompleted(T(checkEnd), 'FAILED', { failure }),
    b.orchestratorCompleted(T(checkEnd)),
  ];
}

describe('historyItems', () => {
  it('keeps what the workflow did: its start, each task with its result, its end; not the step boundaries', () => {
    const items = historyItems(chain('-3', '-5', false));
    expect(items.map((i) => [i.key, i.kind, i.name, i.outcome])).toEqual([
      ['start', 'start', 'Chain', undefined],
      ['task:0', 'activity', 'double', 'completed'],
      ['task:1', 'activity', 'check', 'failed'],
      ['end', 'end', 'FAILED', 'FAILED'],
    ]);
    expect(items[1]).toMatchObject({ input: '-3', output: '-6', startedAt: T(0), endedAt: T(1), attempts: 1 });
  });

  it('folds retries and their back-off timers into the first attempt; numbers raised events by name', () => {
    const history = [
      b.executionStarted(T(0), { name: 'W', instanceId: 'i', executionId: 'x' }),
      b.taskScheduled(0, T(0), 'flaky', undefined),
      b.taskFailed(T(1), 0, failure),
      b.timerCreated(1, T(1), T(2), 'retry', 'flaky'),
      b.timerFired(1, T(2)),
      b.taskScheduled(2, T(2), 'flaky', undefined, { retryOf: 0, attempt: 2 }),
      b.taskCompleted(T(3), 2, '1'),
      b.eventRaised(T(4), 'approve', 'true'),
      b.eventRaised(T(5), 'approve', 'false'),
    ];
    const items = historyItems(history);
    expect(items.map((i) => i.key)).toEqual(['start', 'task:0', 'event:approve:1', 'event:approve:2']);
    expect(items[1]).toMatchObject({ attempts: 2, outcome: 'completed', output: '1', failure: undefined, endedAt: T(3) });
    expect(items[3].output).toBe('false');
  });
});

describe('diffHistories', () => {
  it('finds no divergence between a history and itself', () => {
    const diff = diffHistories(chain('-3', '-5', false), chain('-3', '-5', false));
    expect(diff.firstDivergence).toBeUndefined();
    expect(diff.counts).toEqual({ same: 4, changed: 0, onlyLeft: 0, onlyRight: 0 });
  });

  it('marks the first divergence at the same task with a different input and result (a source and its rerun)', () => {
    const diff = diffHistories(chain('-3', '-5', false), chain('-3', '8', true));
    expect(diff.firstDivergence).toBe(2);
    expect(diff.rows[2]).toMatchObject({ key: 'task:1', differences: ['input', 'outcome', 'output'] });
    expect(diff.rows[3].differences).toEqual(['name', 'outcome', 'output']);
    expect(diff.counts).toEqual({ same: 2, changed: 2, onlyLeft: 0, onlyRight: 0 });
  });

  it('puts a task one side has and the other not on a row of its own, in its place', () => {
    const longer = chain('-3', '-5', false);
    longer.splice(10, 0, b.taskScheduled(2, T(3), 'notify', '"x"'));
    const diff = diffHistories(chain('-3', '-5', false), longer);
    expect(diff.rows.map((r) => [r.key, r.differences])).toEqual([
      ['start', []],
      ['task:0', []],
      ['task:1', []],
      ['task:2', ['onlyRight']],
      ['end', []],
    ]);
    expect(diff.firstDivergence).toBe(3);
    const reversed = diffHistories(longer, chain('-3', '-5', false));
    expect(reversed.rows[3]).toMatchObject({ key: 'task:2', differences: ['onlyLeft'] });
    expect(reversed.rows[3].right).toBeUndefined();
  });

  it('tells timing apart: a much longer task is a timing difference, not a divergence; small jitter is none', () => {
    const diff = diffHistories(chain('-3', '-5', false, 3), chain('-3', '-5', false, 30));
    expect(diff.firstDivergence).toBeUndefined();
    expect(diff.firstTimingDifference).toBe(2);
    expect(diff.rows[2].differences).toEqual(['timing']);
    expect(timingDiffers({ startedAt: T(0), endedAt: T(1) }, { startedAt: T(0), endedAt: T(2) })).toBe(false);
    expect(timingDiffers({ startedAt: T(0), endedAt: T(1) }, { startedAt: T(0), endedAt: T(4) })).toBe(true);
    expect(timingDiffers({ startedAt: T(0) }, { startedAt: T(0), endedAt: T(40) })).toBe(false);
  });

  it('keeps each side in order when the two did tasks in another order (the left place wins)', () => {
    const a = [b.executionStarted(T(0), { name: 'W', instanceId: 'i', executionId: 'x' }), b.eventRaised(T(1), 'x', undefined), b.eventRaised(T(2), 'y', undefined)];
    const c = [b.executionStarted(T(0), { name: 'W', instanceId: 'i', executionId: 'x' }), b.eventRaised(T(1), 'y', undefined), b.eventRaised(T(2), 'x', undefined)];
    const diff = diffHistories(a, c);
    expect(diff.rows.map((r) => [r.key, r.left?.sequence, r.right?.sequence])).toEqual([
      ['start', 0, 0],
      ['event:x:1', 1, 2],
      ['event:y:1', 2, 1],
    ]);
  });

  it('compares two empty histories as the same', () => {
    expect(diffHistories([], [])).toEqual({ rows: [], counts: { same: 0, changed: 0, onlyLeft: 0, onlyRight: 0 } });
  });
});
