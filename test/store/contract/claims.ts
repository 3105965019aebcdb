// The store contract, part: workflow claims: visibility, limits, leases.
import { beforeEach, describe, expect, test } from 'vitest';
import type { WorkflowStore } from '@/lib/engine/store';
import { T0, at, LEASE, raised, message, newInstance, stepOf, ids, eventNames, claimAll } from './fixtures';

/** Registers the tests on workflow claims: visibility, limits, leases; `current()` is the store of the running test. */
export function contractClaims(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('workflow claims', () => {
    test('only messages visible at `now` are claimed; nextVisibleAt tells when the next one shows', async () => {
      await store.createInstance(newInstance('a1'));
      const later = newInstance('later');
      await store.createInstance({ ...later, startMessage: { ...later.startMessage, visibleAt: at(5) } });
      expect(await store.nextVisibleAt(T0)).toEqual(at(5));

      const first = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
      expect(ids(first.map((i) => i.instance))).toEqual(['a1']);
      expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, at(4))).toEqual([]);
      const second = await store.claimWorkflowWorkItems('w2', 10, LEASE, at(5));
      expect(ids(second.map((i) => i.instance))).toEqual(['later']);
      expect(await store.nextVisibleAt(at(5))).toBeUndefined();
    });

    test('a claim returns each instance once, with only its own visible messages, in order', async () => {
      await store.createInstance(newInstance('a1'));
      await store.createInstance(newInstance('b1'));
      await store.sendMessage(message('a1', raised('one')), 'raise', ['PENDING']);
      await store.sendMessage(message('b1', raised('other')), 'raise', ['PENDING']);
      await store.sendMessage(message('a1', raised('future'), at(60)), 'raise', ['PENDING']);
      await store.sendMessage(message('a1', raised('two')), 'raise', ['PENDING']);

      const items = await claimAll(store);
      expect([...items.keys()].sort()).toEqual(['a1', 'b1']);
      expect(eventNames(items.get('a1')!.messages)).toEqual(['ExecutionStarted', 'one', 'two']);
      expect(eventNames(items.get('b1')!.messages)).toEqual(['ExecutionStarted', 'other']);
      const messageIds = items.get('a1')!.messages.map((m) => m.id);
      expect(messageIds).toEqual([...messageIds].sort((x, y) => x - y));
    });

    test('a claim takes at most `limit` instances', async () => {
      for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) await store.createInstance(newInstance(id));
      const first = await store.claimWorkflowWorkItems('w1', 2, LEASE, T0);
      const second = await store.claimWorkflowWorkItems('w1', 2, LEASE, T0);
      const third = await store.claimWorkflowWorkItems('w1', 2, LEASE, T0);
      expect([first.length, second.length, third.length]).toEqual([2, 2, 1]);
      expect(new Set(ids([...first, ...second, ...third].map((i) => i.instance))).size).toBe(5);
    });

    test('a leased instance is invisible to other workers until its lease expires', async () => {
      await store.createInstance(newInstance('a1'));
      const [mine] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
      expect(mine.instance.instanceId).toBe('a1');
      expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, at(LEASE / 1000 - 1))).toEqual([]);

      const [theirs] = await store.claimWorkflowWorkItems('w2', 10, LEASE, at(LEASE / 1000 + 1));
      expect(theirs.instance.instanceId).toBe('a1');
      await expect(store.commitWorkflowStep('w1', stepOf(mine))).rejects.toMatchObject({ name: 'LeaseLostError' });
      await store.commitWorkflowStep('w2', stepOf(theirs));
      expect(await store.getHistory('a1')).toHaveLength(1);
    });

    test('concurrent claimers never lease the same instance twice', async () => {
      const all = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);
      for (const id of all) await store.createInstance(newInstance(id));
      const claims = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w1', 'w2', 'w3', 'w4'].map((w) => store.claimWorkflowWorkItems(w, 5, LEASE, T0)));
      const claimed = claims.flat().map((i) => i.instance.instanceId);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBeLessThanOrEqual(30);
    });

    test('abandonWorkflowWorkItem releases the lease and keeps the messages', async () => {
      await store.createInstance(newInstance('a1'));
      await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
      await store.abandonWorkflowWorkItem('w2', 'a1');
      expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, T0)).toEqual([]);
      await store.abandonWorkflowWorkItem('w1', 'a1');
      const [again] = await store.claimWorkflowWorkItems('w2', 10, LEASE, T0);
      expect(eventNames(again.messages)).toEqual(['ExecutionStarted']);
    });
  });
}
