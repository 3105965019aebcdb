// inferRetries, through historyToTasks (which applies it to every history): retries the history does not mark.
import { describe, expect, it } from 'vitest';
import { HistoryFixture } from './history-fixture';
import { historyToTasks } from './history-to-tasks';
import { taskLinks } from './task-links';
import type { TimelineModel } from './timeline-model';

const remote = () => new HistoryFixture({ firstTaskId: 1 });

function summary(model: TimelineModel): [string, string, number[]][] {
  return model.tasks.map((t) => [`${t.kind}:${t.name}`, t.outcome, t.taskIds]);
}

function flowLinks(model: TimelineModel): string[] {
  const label = (id: string) => model.tasks.find((t) => t.id === id)?.name ?? model.marks.find((m) => m.id === id)?.kind;
  return taskLinks(model).filter((l) => l.kind === 'flow').map((l) => `${label(l.from)}>${label(l.to)}`);
}

describe('inferRetries', () => {
  it('folds a same-name, same-input call after a failure into attempts, and links what follows to the task once', () => {
    const h = remote();
    h.step((s) => { s.started('pay'); s.activity('charge', 5); });
    h.wait(100).step((s) => { s.failed(1, 'declined'); s.timer(500); });
    h.wait(500).step((s) => { s.fired(2); s.activity('charge', 5); });
    h.wait(100).step((s) => { s.completed(3, 'ok'); s.activity('ship'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });

    expect(summary(model)).toEqual([['activity:charge', 'completed', [1, 2, 3]], ['activity:ship', 'running', [4]]]);
    expect(model.tasks[0]).toMatchObject({ output: '"ok"', failure: undefined, endStep: 3 });
    expect(model.tasks[0].attempts.map((a) => [a.attempt, a.taskId, a.outcome, a.failure?.message])).toEqual([
      [1, 1, 'failed', 'declined'],
      [2, 3, 'completed', undefined],
    ]);
    expect(flowLinks(model)).toEqual(['start>charge', 'charge>ship']);
  });

  it('keeps calls apart when the input or the name differs, or when a timer between them was not created at the failure', () => {
    const other = remote();
    other.step((s) => { s.started('items'); s.activity('process', 'a'); });
    other.wait(100).step((s) => { s.failed(1, 'bad item'); s.activity('process', 'b'); s.activity('report', 'a'); });
    expect(summary(historyToTasks(other.events, { status: 'RUNNING' }))).toEqual([
      ['activity:process', 'failed', [1]],
      ['activity:process', 'running', [2]],
      ['activity:report', 'running', [3]],
    ]);

    const unrelatedTimer = remote();
    unrelatedTimer.step((s) => { s.started('pay'); s.activity('charge'); s.timer(1000); });
    unrelatedTimer.wait(100).step((s) => s.failed(1, 'declined'));
    unrelatedTimer.wait(900).step((s) => { s.fired(2); s.activity('charge'); });
    expect(summary(historyToTasks(unrelatedTimer.events, { status: 'RUNNING' }))).toEqual([
      ['activity:charge', 'failed', [1]],
      ['timer:timer', 'completed', [2]],
      ['activity:charge', 'running', [3]],
    ]);
  });

  it('pairs the retries of a fan-out whose identical calls failed in one step with one failed call each', () => {
    const h = remote();
    h.step((s) => { s.started('fan'); s.activity('ping'); s.activity('ping'); s.activity('ping'); });
    h.wait(100).step((s) => { s.failed(1, 'x'); s.failed(3, 'y'); s.activity('ping'); s.activity('ping'); });
    h.wait(100).step((s) => { s.completed(2); s.completed(4); s.failed(5, 'z'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });
    expect(summary(model)).toEqual([
      ['activity:ping', 'completed', [1, 4]],
      ['activity:ping', 'completed', [2]],
      ['activity:ping', 'failed', [3, 5]],
    ]);
  });

  it('folds a child workflow retried under a new SDK instance ID, showing the last attempt’s child', () => {
    const h = remote();
    h.step((s) => { s.started('parent'); s.child('shipping', 'parent:0001'); });
    h.wait(100).step((s) => { s.failed(1, 'no carrier', true); s.child('shipping', 'parent:0002'); });
    h.wait(100).step((s) => { s.completed(2, 'shipped', true); s.finished(); });
    const model = historyToTasks(h.events, { status: 'COMPLETED' });
    expect(summary(model)).toEqual([['child:shipping', 'completed', [1, 2]]]);
    expect(model.tasks[0].attempts.map((a) => a.childInstanceId)).toEqual(['parent:0001', 'parent:0002']);
    expect(model.tasks[0].childInstanceId).toBe('parent:0002');
  });

  it('leaves calls under a recorded retry policy to their own bookkeeping: a new call after the last attempt is a new task', () => {
    const h = new HistoryFixture();
    h.step((s) => { s.started('pay'); s.activity('charge', undefined, { maxAttempts: 2 }); });
    h.wait(100).step((s) => { s.failed(0, 'flaky'); s.timer(500, 'retry', 'charge'); });
    h.wait(500).step((s) => { s.fired(1); s.activity('charge', undefined, { retryOf: 0, attempt: 2, maxAttempts: 2 }); });
    h.wait(100).step((s) => { s.failed(2, 'flaky again'); s.activity('charge'); });
    const model = historyToTasks(h.events, { status: 'RUNNING' });
    expect(summary(model)).toEqual([['activity:charge', 'failed', [0, 1, 2]], ['activity:charge', 'running', [3]]]);
  });
});
