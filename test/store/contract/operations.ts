// The store contract, part: the operations reads metrics and the System page poll: counts by workflow and status, backlog.
import { beforeEach, describe, expect, test } from 'vitest';
import type { WorkflowStore } from '@/lib/engine/store';
import { T0, at, LEASE, raised, message, newInstance, task, stepOf, claimAll, finalUpdate } from './fixtures';

/** Registers the tests on countInstancesByNameAndStatus and readBacklog; `current()` is the store of the running test. */
export function contractOperations(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('operations reads', () => {
    test('counts instances by workflow name and status', async () => {
      await store.createInstance(newInstance('a1', { name: 'Order' }));
      await store.createInstance(newInstance('a2', { name: 'Order' }));
      await store.createInstance(newInstance('b1', { name: 'Ship' }));
      const items = await claimAll(store);
      await store.commitWorkflowStep('w1', stepOf(items.get('a2')!, {}, finalUpdate('COMPLETED')));
      const counts = await store.countInstancesByNameAndStatus();
      const sorted = [...counts].sort((x, y) => `${x.name}${x.status}`.localeCompare(`${y.name}${y.status}`));
      expect(sorted).toEqual([
        { name: 'Order', status: 'COMPLETED', count: 1 },
        { name: 'Order', status: 'PENDING', count: 1 },
        { name: 'Ship', status: 'PENDING', count: 1 },
      ]);
    });

    test('the backlog: oldest visible message of an unleased instance, oldest unleased task, timers due within the horizon', async () => {
      expect(await store.readBacklog(T0, 60_000)).toEqual({ oldestInboxVisibleAt: undefined, oldestActivityVisibleAt: undefined, timersDue: 0 });
      await store.createInstance(newInstance('a1', { createdAt: at(1) }));
      await store.createInstance(newInstance('b1', { createdAt: at(2) }));
      expect(await store.readBacklog(at(3), 60_000)).toMatchObject({ oldestInboxVisibleAt: at(1), oldestActivityVisibleAt: undefined });

      // a1 leased: its message is in progress, not waiting; b1's is now the oldest.
      const [a1] = await store.claimWorkflowWorkItems('w1', 1, LEASE, at(3));
      expect(a1.instance.instanceId).toBe('a1');
      expect((await store.readBacklog(at(3), 60_000)).oldestInboxVisibleAt).toEqual(at(2));

      await store.commitWorkflowStep(
        'w1',
        stepOf(a1, { activityTasks: [task('a1', 0, { visibleAt: at(3) }), task('a1', 1, { visibleAt: at(4) })], messages: [message('a1', raised('t'), at(30)), message('a1', raised('t'), at(100))] }),
      );
      const backlog = await store.readBacklog(at(5), 60_000);
      expect(backlog).toEqual({ oldestInboxVisibleAt: at(2), oldestActivityVisibleAt: at(3), timersDue: 1 });

      const [first] = await store.claimActivityTasks('w1', 1, LEASE, at(5));
      expect(first.visibleAt).toEqual(at(3));
      expect((await store.readBacklog(at(5), 60_000)).oldestActivityVisibleAt).toEqual(at(4));
      // Leases that expired count as waiting again.
      expect((await store.readBacklog(at(5 + LEASE / 1000), 60_000)).oldestActivityVisibleAt).toEqual(at(3));
      expect((await store.readBacklog(at(5), 200_000)).timersDue).toBe(2);
    });
  });
}
