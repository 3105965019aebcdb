// The store contract, part: workflow claims: visibility, limits, leases, name filters, lease renewal.
import { beforeEach, describe, expect, test } from 'vitest';
import type { NameFilter, WorkflowStore } from '@/lib/engine/store';
import { T0, at, LEASE, raised, message, newInstance, stepOf, ids, eventNames, claimAll } from './fixtures';
import { contractHeartbeats } from './heartbeats';

/**
 * Registers the tests on workflow claims: visibility, limits, leases, name filters, lease renewal, and the takeover of
 * a dead worker's leases (heartbeats.ts); `current()` is the store of the running test.
 */
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

  describe('workflow claims with a name filter', () => {
    const createNamed = async (names: Record<string, string>) => {
      for (const [id, name] of Object.entries(names)) await store.createInstance(newInstance(id, { name }));
    };
    const claimedIds = async (worker: string, filter?: NameFilter, limit = 10) =>
      ids((await store.claimWorkflowWorkItems(worker, limit, LEASE, T0, filter)).map((i) => i.instance)).sort();

    test('`only` claims just the instances of those workflows, `except` all others', async () => {
      await createNamed({ a1: 'Alpha', b1: 'Beta', c1: 'Gamma', a2: 'Alpha' });
      expect(await claimedIds('w1', { only: ['Alpha', 'Gamma'] })).toEqual(['a1', 'a2', 'c1']);
      expect(await claimedIds('w2', { except: ['Alpha', 'Gamma'] })).toEqual(['b1']);
    });

    test('`except` leaves out the named workflows; `{ only: [] }` claims nothing; no filter claims the rest', async () => {
      await createNamed({ a1: 'Alpha', b1: 'Beta', c1: 'Gamma' });
      expect(await claimedIds('w1', { only: [] })).toEqual([]);
      expect(await claimedIds('w1', { except: ['Beta'] })).toEqual(['a1', 'c1']);
      expect(await claimedIds('w2')).toEqual(['b1']);
    });

    test('a filtered claim finds its instances behind older messages of other workflows', async () => {
      for (let i = 0; i < 12; i++) await store.createInstance(newInstance(`b${String(i).padStart(2, '0')}`, { name: 'Beta', createdAt: at(-60 + i) }));
      await createNamed({ a1: 'Alpha' });
      expect(await claimedIds('w1', { only: ['Alpha'] }, 1)).toEqual(['a1']);
      expect(await claimedIds('w1', { except: ['Beta'] }, 1)).toEqual([]);
    });
  });

  describe('workflow lease renewal', () => {
    test('renewWorkflowLeases keeps a lease past its expiry: no other worker can claim it, and the holder still commits', async () => {
      await store.createInstance(newInstance('a1'));
      await store.createInstance(newInstance('b1'));
      const items = await claimAll(store);
      expect(await store.renewWorkflowLeases('w1', ['a1'], LEASE, at(8))).toEqual(['a1']);
      expect(ids((await store.claimWorkflowWorkItems('w2', 10, LEASE, at(12))).map((i) => i.instance))).toEqual(['b1']);
      expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, at(17))).toEqual([]);
      await store.commitWorkflowStep('w1', stepOf(items.get('a1')!));
      expect(await store.getHistory('a1')).toHaveLength(1);
    });

    test('a renewed lease still expires: at its new expiry another worker takes the instance over', async () => {
      await store.createInstance(newInstance('a1'));
      const [mine] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
      await store.renewWorkflowLeases('w1', ['a1'], LEASE, at(8));
      const [theirs] = await store.claimWorkflowWorkItems('w2', 10, LEASE, at(18));
      expect(theirs.instance.instanceId).toBe('a1');
      expect(await store.renewWorkflowLeases('w1', ['a1'], LEASE, at(19))).toEqual([]);
      await expect(store.commitWorkflowStep('w1', stepOf(mine))).rejects.toMatchObject({ name: 'LeaseLostError' });
    });

    test('renewal by a worker that does not hold the lease returns nothing; the holder renews only what it still holds', async () => {
      await store.createInstance(newInstance('a1'));
      await store.createInstance(newInstance('b1'));
      await claimAll(store);
      expect(await store.renewWorkflowLeases('w2', ['a1', 'b1', 'ghost'], LEASE, at(8))).toEqual([]);
      expect(await store.renewWorkflowLeases('w1', [], LEASE, at(8))).toEqual([]);
      expect(await store.renewWorkflowLeases('w1', ['ghost', 'b1', 'a1', 'a1'], LEASE, at(8))).toEqual(['b1', 'a1']);
      await store.abandonWorkflowWorkItem('w1', 'b1');
      expect(await store.renewWorkflowLeases('w1', ['b1', 'a1'], LEASE, at(9))).toEqual(['a1']);
      expect(ids((await store.claimWorkflowWorkItems('w2', 10, LEASE, at(12))).map((i) => i.instance))).toEqual(['b1']);
    });
  });

  contractHeartbeats(current);
}
