// The store contract, part: purge and activity logs.
import { beforeEach, describe, expect, test } from 'vitest';
import type { RuntimeStatus } from '@/lib/engine/runtime-status';
import type { WorkflowStore } from '@/lib/engine/store';
import { purgeInstanceTree, type PurgeOperations } from '@/lib/store/recursive-purge';
import { T0, at, createWithStatus, newInstance } from './fixtures';

/** Registers the tests on purge and activity logs; `current()` is the store of the running test. */
export function contractPurgeAndLogs(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('purge and logs', () => {
    const family = async (childStatus: RuntimeStatus) => {
      await createWithStatus(store, { root: 'COMPLETED', other: 'COMPLETED' });
      await createWithStatus(store, { kid: 'COMPLETED' }, () => ({ parentInstanceId: 'root' }));
      await createWithStatus(store, { grandkid: childStatus }, () => ({ parentInstanceId: 'kid' }));
      for (const id of ['root', 'kid', 'grandkid']) await store.appendActivityLog(id, 0, `log of ${id}`, T0);
    };

    test('purgeInstance throws InstanceNotFoundError for an unknown ID', async () => {
      await expect(store.purgeInstance('ghost', true)).rejects.toMatchObject({ name: 'InstanceNotFoundError' });
    });

    test('recursive purge deletes the instance and its descendants with their history and logs', async () => {
      await family('FAILED');
      expect(await store.purgeInstance('root', true)).toBe(3);
      for (const id of ['root', 'kid', 'grandkid']) {
        expect(await store.getInstance(id)).toBeUndefined();
        expect(await store.getHistory(id)).toEqual([]);
        expect(await store.getActivityLogs(id)).toEqual([]);
      }
      expect(await store.getInstance('other')).toBeDefined();
    });

    test('purge refuses (deleting nothing) when the instance or a descendant is not terminal', async () => {
      await family('RUNNING');
      await expect(store.purgeInstance('root', true)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError', instanceId: 'grandkid', operation: 'purge' });
      for (const id of ['root', 'kid', 'grandkid']) expect(await store.getInstance(id)).toBeDefined();
      expect(await store.getHistory('root')).toHaveLength(1);
      await expect(store.purgeInstance('grandkid', false)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError', status: 'RUNNING' });
    });

    test('non-recursive purge deletes only the instance', async () => {
      await family('RUNNING');
      expect(await store.purgeInstance('root', false)).toBe(1);
      expect(await store.getInstance('root')).toBeUndefined();
      expect(await store.getInstance('kid')).toBeDefined();
    });

    test('an instance that comes alive between reading the tree and deleting it stops the purge, deleting nothing', async () => {
      await family('COMPLETED');
      const ops = store as WorkflowStore & PurgeOperations;
      const racing: PurgeOperations = {
        getInstance: (id) => ops.getInstance(id),
        childStatuses: (parentIds) => ops.childStatuses(parentIds),
        deletePurgeable: async (instanceIds) => {
          // Another client reuses the grandchild's ID (its old instance is terminal) just before the delete.
          await store.createInstance(newInstance('grandkid', { parentInstanceId: 'kid', createdAt: at(7200) }));
          return ops.deletePurgeable(instanceIds);
        },
      };
      await expect(purgeInstanceTree(racing, 'root', true)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError', instanceId: 'grandkid', status: 'PENDING' });
      for (const id of ['root', 'kid', 'grandkid']) expect(await store.getInstance(id)).toBeDefined();
      expect(await store.getActivityLogs('root')).toHaveLength(1);
    });

    test('recursive purge ends when parent links loop (an ID reused by a child of its own child)', async () => {
      await createWithStatus(store, { a: 'COMPLETED' }, () => ({ parentInstanceId: 'b' }));
      await createWithStatus(store, { b: 'FAILED' }, () => ({ parentInstanceId: 'a' }));
      expect(await store.purgeInstance('a', true)).toBe(2);
      expect(await store.getInstance('b')).toBeUndefined();
    });

    test('activity logs are kept per instance, oldest first', async () => {
      await store.appendActivityLog('a1', 2, 'first', at(1));
      await store.appendActivityLog('b1', 0, 'elsewhere', at(2));
      await store.appendActivityLog('a1', 3, 'second', at(3));
      expect(await store.getActivityLogs('a1')).toEqual([
        { taskId: 2, message: 'first', createdAt: at(1) },
        { taskId: 3, message: 'second', createdAt: at(3) },
      ]);
      expect(await store.getActivityLogs('none')).toEqual([]);
    });
  });
}
