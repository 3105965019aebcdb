// The store contract, part: commitWorkflowStep: history, updates, lease checks, children and messages.
import { beforeEach, describe, expect, test } from 'vitest';
import type { HistoryEvent } from '@/lib/engine/history-events';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { childRejectedMessage, type WorkflowStore } from '@/lib/engine/store';
import { T0, at, LEASE, raised, message, newInstance, task, stepOf, finalUpdate, eventNames, claimAll, createWithStatus } from './fixtures';
import { orchestratorCompleted, orchestratorStarted, taskScheduled } from '@/lib/engine/history-builders';

/** Registers the tests on commitWorkflowStep: history, updates, lease checks, children and messages; `current()` is the store of the running test. */
export function contractStepCommits(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('commitWorkflowStep', () => {
    test('appends history in sequence order, applies the update, bumps the version and releases the lease', async () => {
      await store.createInstance(newInstance('a1'));
      const first = (await claimAll(store)).get('a1')!;
      const orchestration: HistoryEvent[] = [
        orchestratorStarted(T0),
        first.messages[0].event,
        taskScheduled(0, T0, 'act', '1'),
        orchestratorCompleted(T0),
      ];
      const waitingOn = { ...nothingWaited(), activities: [{ taskId: 0, name: 'act', scheduledAt: T0.toISOString(), attempt: 1 }] };
      await store.commitWorkflowStep(
        'w1',
        stepOf(first, { newEvents: orchestration }, { status: 'RUNNING', customStatus: '"busy"', waitingOn, lastUpdatedAt: at(1) }),
      );
      expect(await store.getInstance('a1')).toMatchObject({ status: 'RUNNING', customStatus: '"busy"', waitingOn, lastUpdatedAt: at(1), historyLength: 4, version: 1 });

      await store.sendMessage(message('a1', raised('next')), 'raise', ['RUNNING']);
      const second = (await claimAll(store, at(2), 'w2')).get('a1')!;
      expect(second.instance.version).toBe(1);
      expect(eventNames(second.messages)).toEqual(['next']);
      await store.commitWorkflowStep('w2', stepOf(second, {}, { customStatus: null }));

      const history = await store.getHistory('a1');
      expect(history.map((e) => e.sequence)).toEqual([0, 1, 2, 3, 4]);
      expect(history.map((e) => e.kind)).toEqual(['OrchestratorStarted', 'ExecutionStarted', 'TaskScheduled', 'OrchestratorCompleted', 'EventRaised']);
      expect(history[2]).toEqual({ ...orchestration[2], sequence: 2 });
      expect(await store.getHistory('a1', { fromSequence: 2, limit: 2 })).toEqual([
        { ...orchestration[2], sequence: 2 },
        { ...orchestration[3], sequence: 3 },
      ]);
      const row = await store.getInstance('a1');
      expect(row).toMatchObject({ historyLength: 5, version: 2 });
      expect(row?.customStatus).toBeUndefined();
      expect(await claimAll(store, at(3))).toEqual(new Map());
    });

    test('stores output, failure details and completion time; null clears them', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      const failure = { errorType: 'TypeError', message: 'bad', stackTrace: 'TypeError: bad\n  at x' };
      await store.commitWorkflowStep('w1', stepOf(item, {}, { ...finalUpdate('FAILED'), failure, output: '"partial"' }));
      expect(await store.getInstance('a1')).toMatchObject({ status: 'FAILED', failure, output: '"partial"', completedAt: at(1) });

      await store.sendMessage(message('a1', raised('again')), 'raise', ['FAILED']);
      const next = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(next, {}, { status: 'RUNNING', failure: null, output: null, completedAt: null }));
      const row = await store.getInstance('a1');
      expect([row?.failure, row?.output, row?.completedAt]).toEqual([undefined, undefined, undefined]);
    });

    test('throws LeaseLostError for another worker and writes nothing', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      const commit = stepOf(item, { activityTasks: [task('a1', 0)], messages: [message('a1', raised('x'))] }, { status: 'RUNNING' });
      await expect(store.commitWorkflowStep('w2', commit)).rejects.toMatchObject({ name: 'LeaseLostError' });
      expect(await store.getInstance('a1')).toMatchObject({ status: 'PENDING', version: 0, historyLength: 0 });
      expect(await store.getHistory('a1')).toEqual([]);
      expect(await store.claimActivityTasks('w1', 10, LEASE, T0)).toEqual([]);
      await store.abandonWorkflowWorkItem('w1', 'a1');
      expect(eventNames((await claimAll(store)).get('a1')!.messages)).toEqual(['ExecutionStarted']);
    });

    test('throws LeaseLostError when the version moved', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      await expect(store.commitWorkflowStep('w1', { ...stepOf(item), expectedVersion: 7 })).rejects.toMatchObject({ name: 'LeaseLostError' });
      expect(await store.getInstance('a1')).toMatchObject({ version: 0, historyLength: 0 });
      await store.commitWorkflowStep('w1', stepOf(item));
      expect(await store.getInstance('a1')).toMatchObject({ version: 1, historyLength: 1 });
    });

    test('throws LeaseLostError when a consumed message is gone, writing nothing', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      const gone = Math.max(...item.messages.map((m) => m.id)) + 1000;
      const commit = stepOf(item, { consumedMessageIds: [...item.messages.map((m) => m.id), gone], activityTasks: [task('a1', 0)] });
      await expect(store.commitWorkflowStep('w1', commit)).rejects.toMatchObject({ name: 'LeaseLostError' });
      expect(await store.getHistory('a1')).toEqual([]);
      expect(await store.claimActivityTasks('w1', 10, LEASE, T0)).toEqual([]);
      await store.commitWorkflowStep('w1', stepOf(item));
      expect(await store.getHistory('a1')).toHaveLength(1);
    });

    test('concurrent commits succeed or fail on their own: a lost lease rejects only that step', async () => {
      const group = ['g1', 'g2', 'g3', 'g4'];
      for (const id of group) await store.createInstance(newInstance(id));
      const items = await claimAll(store);
      const results = await Promise.allSettled(
        group.map((id) => store.commitWorkflowStep(id === 'g3' ? 'intruder' : 'w1', stepOf(items.get(id)!, { activityTasks: [task(id, 0)] }))),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ name: 'LeaseLostError' });
      expect(await Promise.all(group.map(async (id) => (await store.getHistory(id)).length))).toEqual([1, 1, 0, 1]);
      expect((await store.claimActivityTasks('w1', 10, LEASE, T0)).map((t) => t.instanceId).sort()).toEqual(['g1', 'g2', 'g4']);
    });

    test('resetHistory starts a fresh history numbered from 0', async () => {
      await store.createInstance(newInstance('a1'));
      const first = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(first, { newEvents: [first.messages[0].event, raised('a'), raised('b')] }));
      await store.sendMessage(message('a1', raised('c')), 'raise', ['RUNNING']);
      const second = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(second, { resetHistory: true }, { executionId: 'a1-e2', input: '"new"' }));
      expect((await store.getHistory('a1')).map((e) => [e.sequence, e.kind === 'EventRaised' && e.name])).toEqual([[0, 'c']]);
      expect(await store.getInstance('a1')).toMatchObject({ historyLength: 1, version: 2, executionId: 'a1-e2', input: '"new"' });
    });

    test('resetHistory deletes the instance\'s activity logs (continue-as-new numbers tasks from 0 again), and only its own', async () => {
      await store.createInstance(newInstance('a1'));
      await store.appendActivityLog('a1', 0, 'old run', T0);
      await store.appendActivityLog('b1', 0, 'elsewhere', T0);
      const item = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(item, { resetHistory: true }, { executionId: 'a1-e2' }));
      expect(await store.getActivityLogs('a1')).toEqual([]);
      expect(await store.getActivityLogs('b1')).toHaveLength(1);
    });

    test('discardPendingWork deletes the instance\'s remaining messages and tasks, and only its own', async () => {
      await store.createInstance(newInstance('a1'));
      await store.createInstance(newInstance('b1'));
      const items = await claimAll(store);
      await store.commitWorkflowStep('w1', stepOf(items.get('a1')!, { activityTasks: [task('a1', 0)], messages: [message('a1', raised('timer'), at(60))] }));
      await store.commitWorkflowStep('w1', stepOf(items.get('b1')!, { activityTasks: [task('b1', 0)], messages: [message('b1', raised('timer'), at(60))] }));
      await store.sendMessage(message('a1', raised('now')), 'raise', ['RUNNING']);

      const next = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(next, { discardPendingWork: true }, finalUpdate('TERMINATED')));
      const tasks = await store.claimActivityTasks('w1', 10, LEASE, at(120));
      expect(tasks.map((t) => t.instanceId)).toEqual(['b1']);
      const later = await store.claimWorkflowWorkItems('w1', 10, LEASE, at(120));
      expect(later.map((i) => i.instance.instanceId)).toEqual(['b1']);
    });

    test('enqueues activity tasks with their attempt, visible from their visibleAt', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: [task('a1', 0), task('a1', 1, { attempt: 3, input: undefined, visibleAt: at(5) })] }));
      const now = await store.claimActivityTasks('w1', 10, LEASE, T0);
      expect(now).toEqual([{ id: expect.any(Number), instanceId: 'a1', executionId: 'a1-e1', taskId: 0, name: 'act', input: '{"n":0}', attempt: 1, visibleAt: T0 }]);
      const later = await store.claimActivityTasks('w1', 10, LEASE, at(5));
      expect(later).toMatchObject([{ taskId: 1, attempt: 3, visibleAt: at(5) }]);
      expect(later[0].input).toBeUndefined();
    });

    test('creates child instances; a live child ID gets the parent a rejection message instead', async () => {
      await store.createInstance(newInstance('busy'));
      await store.createInstance(newInstance('parent'));
      const item = (await claimAll(store)).get('parent')!;
      const child = (id: string, taskId: number) =>
        newInstance(id, { parentInstanceId: 'parent', parentTaskId: taskId, executionId: `${id}-x`, createdAt: at(1) });
      await store.commitWorkflowStep('w1', stepOf(item, { children: [child('kid', 0), child('busy', 1)] }));

      expect(await store.getInstance('kid')).toMatchObject({ status: 'PENDING', parentInstanceId: 'parent', parentTaskId: 0, executionId: 'kid-x' });
      const next = await claimAll(store, at(1));
      expect(eventNames(next.get('kid')!.messages)).toEqual(['ExecutionStarted']);
      const rejection = childRejectedMessage(child('busy', 1), 'PENDING');
      expect(next.get('parent')!.messages.map((m) => m.event)).toEqual([rejection.event]);
      expect(await store.getInstance('busy')).toMatchObject({ parentInstanceId: undefined, executionId: 'busy-e1' });
    });

    test('a child ID held by a terminal instance is reused', async () => {
      await createWithStatus(store, { old: 'COMPLETED', parent: 'RUNNING' });
      await store.sendMessage(message('parent', raised('go')), 'raise', ['RUNNING']);
      const item = (await claimAll(store, at(3600))).get('parent')!;
      const child = newInstance('old', { parentInstanceId: 'parent', parentTaskId: 4, executionId: 'old-x' });
      await store.commitWorkflowStep('w1', stepOf(item, { children: [child] }));
      expect(await store.getInstance('old')).toMatchObject({ status: 'PENDING', executionId: 'old-x', parentInstanceId: 'parent', historyLength: 0 });
      expect(await store.getHistory('old')).toEqual([]);
    });

    test('messages to instances that do not exist are dropped; the others are delivered', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      await store.createInstance(newInstance('b1'));
      await store.commitWorkflowStep('w1', stepOf(item, { messages: [message('ghost', raised('lost')), message('b1', raised('hello', 'hi'), T0, 'b1-e1')] }));
      const next = await claimAll(store);
      expect([...next.keys()]).toEqual(['b1']);
      expect(next.get('b1')!.messages[1]).toMatchObject({ instanceId: 'b1', executionId: 'b1-e1', event: raised('hello', 'hi') });
      expect(await store.getInstance('ghost')).toBeUndefined();
    });
  });
}
