// The store contract, part: activity tasks: claims (with name filters), renewals, completion, release, timers.
import { beforeEach, describe, expect, test } from 'vitest';
import type { NameFilter, WorkflowStore, NewInboxMessage } from '@/lib/engine/store';
import { T0, at, LEASE, raised, message, newInstance, task, stepOf, claimAll } from './fixtures';
import { taskCompleted } from '@/lib/engine/history-builders';

/** Registers the tests on activity tasks: claims, renewals, completion, release, timers; `current()` is the store of the running test. */
export function contractActivities(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('activity tasks', () => {
    const withTasks = async (...taskIds: number[]) => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: taskIds.map((n) => task('a1', n)) }));
    };
    const result = (taskId: number): NewInboxMessage =>
      message('a1', taskCompleted(at(1), taskId, '"ok"'), at(1), 'a1-e1');

    test('claims are exclusive while leased, limited, and taken over once the lease expires', async () => {
      await withTasks(0, 1, 2);
      const mine = await store.claimActivityTasks('w1', 2, LEASE, T0);
      expect(mine.map((t) => t.taskId)).toEqual([0, 1]);
      expect((await store.claimActivityTasks('w2', 10, LEASE, at(1))).map((t) => t.taskId)).toEqual([2]);
      expect(await store.claimActivityTasks('w2', 10, LEASE, at(2))).toEqual([]);
      const taken = await store.claimActivityTasks('w2', 10, LEASE, at(LEASE / 1000 + 0.5));
      expect(taken.map((t) => t.taskId)).toEqual([0, 1]);
    });

    test('an abandoned task is claimable again at once; only its holder can abandon it', async () => {
      await withTasks(0);
      const [mine] = await store.claimActivityTasks('w1', 10, LEASE, T0);
      await store.abandonActivityTask('w2', mine.id);
      expect(await store.claimActivityTasks('w2', 10, LEASE, T0)).toEqual([]);
      await store.abandonActivityTask('w1', mine.id);
      const [again] = await store.claimActivityTasks('w2', 10, LEASE, T0);
      expect(again).toMatchObject({ id: mine.id, taskId: 0 });
      await expect(store.completeActivityTask('w1', mine.id, result(0))).rejects.toMatchObject({ name: 'LeaseLostError' });
      await store.completeActivityTask('w2', mine.id, result(0));
    });

    test('a name filter claims only the tasks of those activities (`only`) or of all others (`except`)', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      const names = ['fetch', 'charge', 'fetch', 'ship', 'charge'];
      await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: names.map((name, n) => task('a1', n, { name })) }));
      const claimed = async (worker: string, filter?: NameFilter) => (await store.claimActivityTasks(worker, 10, LEASE, T0, filter)).map((t) => `${t.taskId}:${t.name}`);
      expect(await claimed('w1', { only: [] })).toEqual([]);
      expect(await claimed('w1', { only: ['fetch', 'ship'] })).toEqual(['0:fetch', '2:fetch', '3:ship']);
      expect(await claimed('w2', { except: ['fetch'] })).toEqual(['1:charge', '4:charge']);
      expect(await claimed('w3')).toEqual([]);
    });

    test('a filtered task claim finds its tasks behind older tasks of other activities, and takes at most `limit`', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      const tasks = [...Array.from({ length: 12 }, (_, n) => task('a1', n)), task('a1', 12, { name: 'rare' }), task('a1', 13, { name: 'rare' })];
      await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: tasks }));
      expect((await store.claimActivityTasks('w1', 1, LEASE, T0, { only: ['rare'] })).map((t) => t.taskId)).toEqual([12]);
      expect((await store.claimActivityTasks('w2', 10, LEASE, T0, { except: ['act'] })).map((t) => t.taskId)).toEqual([13]);
    });

    test('concurrent claimers never lease the same task twice', async () => {
      await withTasks(...Array.from({ length: 30 }, (_, i) => i));
      const claims = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w1', 'w2', 'w3', 'w4'].map((w) => store.claimActivityTasks(w, 5, LEASE, T0)));
      const claimed = claims.flat().map((t) => t.id);
      expect(new Set(claimed).size).toBe(claimed.length);
    });

    test('renewActivityLeases extends only the leases still held', async () => {
      await withTasks(0, 1);
      const [t0, t1] = await store.claimActivityTasks('w1', 10, LEASE, T0);
      expect(await store.renewActivityLeases('w1', [t0.id, t1.id], LEASE, at(8))).toEqual([t0.id, t1.id]);
      expect(await store.claimActivityTasks('w2', 10, LEASE, at(12))).toEqual([]);
      expect((await store.claimActivityTasks('w2', 10, LEASE, at(19))).map((t) => t.id)).toEqual([t0.id, t1.id]);
      expect(await store.renewActivityLeases('w1', [t0.id, t1.id], LEASE, at(20))).toEqual([]);
      expect(await store.renewActivityLeases('w1', [], LEASE, at(20))).toEqual([]);
    });

    test('completeActivityTask deletes the task and delivers the result', async () => {
      await withTasks(0);
      const [t] = await store.claimActivityTasks('w1', 10, LEASE, T0);
      await store.completeActivityTask('w1', t.id, result(0));
      const item = (await claimAll(store, at(1))).get('a1')!;
      expect(item.messages.map((m) => m.event)).toEqual([result(0).event]);
      expect(item.messages[0].executionId).toBe('a1-e1');
      expect(await store.claimActivityTasks('w1', 10, LEASE, at(3600))).toEqual([]);
    });

    test('completeActivityTask throws LeaseLostError when the task was taken over or is gone, delivering nothing', async () => {
      await withTasks(0);
      const [t] = await store.claimActivityTasks('w1', 10, LEASE, T0);
      await store.claimActivityTasks('w2', 10, LEASE, at(LEASE / 1000 + 1));
      await expect(store.completeActivityTask('w1', t.id, result(0))).rejects.toMatchObject({ name: 'LeaseLostError' });
      expect(await claimAll(store, at(60))).toEqual(new Map());
      await store.completeActivityTask('w2', t.id, result(0));
      await expect(store.completeActivityTask('w2', t.id, result(0))).rejects.toMatchObject({ name: 'LeaseLostError' });
      expect((await claimAll(store, at(60))).get('a1')!.messages).toHaveLength(1);
    });

    test('releaseLeases frees every instance and task lease of a worker', async () => {
      await withTasks(0);
      await store.createInstance(newInstance('b1'));
      await store.sendMessage(message('a1', raised('x')), 'raise', ['RUNNING']);
      expect((await claimAll(store, T0, 'w1')).size).toBe(2);
      expect(await store.claimActivityTasks('w1', 10, LEASE, T0)).toHaveLength(1);
      await store.releaseLeases('w1');
      expect([...(await claimAll(store, T0, 'w2')).keys()].sort()).toEqual(['a1', 'b1']);
      expect(await store.claimActivityTasks('w2', 10, LEASE, T0)).toHaveLength(1);
    });

    test('nextVisibleAt is the earliest future message or task', async () => {
      expect(await store.nextVisibleAt(T0)).toBeUndefined();
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: [task('a1', 0, { visibleAt: at(20) })], messages: [message('a1', raised('t'), at(40))] }));
      expect(await store.nextVisibleAt(T0)).toEqual(at(20));
      expect(await store.nextVisibleAt(at(20))).toEqual(at(40));
      expect(await store.nextVisibleAt(at(40))).toBeUndefined();
    });
  });
}
