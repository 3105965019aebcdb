// The store contract, part: listing, counting and the approvals inbox query.
import { beforeEach, describe, expect, test } from 'vitest';
import type { RuntimeStatus } from '@/lib/engine/runtime-status';
import { nothingWaited } from '@/lib/engine/waiting-on';
import type { WorkflowStore } from '@/lib/engine/store';
import { at, newInstance, stepOf, ids, claimAll, createWithStatus } from './fixtures';

/** Registers the tests on listing, counting and the approvals inbox query; `current()` is the store of the running test. */
export function contractListing(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('listing', () => {
    // 23 instances: createdAt in steps of 10 s with ties (three per timestamp), three names, parent c.
    const listed = Array.from({ length: 23 }, (_, i) => ({
      id: `${['a', 'b', 'c'][i % 3]}${String(i).padStart(3, '0')}`,
      createdAt: at(10 * Math.floor(i / 3)),
      name: ['alpha', 'beta', 'gamma'][i % 3],
    }));
    const seed = async () => {
      const statuses: Record<string, RuntimeStatus> = {};
      listed.forEach((x, i) => (statuses[x.id] = (['RUNNING', 'COMPLETED', 'FAILED', 'SUSPENDED'] as const)[i % 4]));
      await createWithStatus(store, statuses, (id) => {
        const x = listed.find((l) => l.id === id)!;
        return { createdAt: x.createdAt, name: x.name, parentInstanceId: id.startsWith('c') ? 'c002' : undefined };
      });
    };
    const sorted = (order: 'asc' | 'desc') => {
      const oldestFirst = [...listed].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1)).map((x) => x.id);
      return order === 'asc' ? oldestFirst : oldestFirst.reverse();
    };
    const pageThrough = async (query: { order?: 'asc' | 'desc'; limit: number } & Record<string, unknown>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await store.listInstances({ ...query, cursor });
        seen.push(...ids(page.items));
        cursor = page.nextCursor;
        if (!cursor) return seen;
      }
      throw new Error('pagination did not end');
    };

    test('pages through every instance newest first (default) and oldest first, with no duplicates or gaps', async () => {
      await seed();
      expect(await pageThrough({ limit: 7 })).toEqual(sorted('desc'));
      expect(await pageThrough({ limit: 5, order: 'asc' })).toEqual(sorted('asc'));
      expect(await pageThrough({ limit: 23 })).toEqual(sorted('desc'));
      const full = await store.listInstances({ limit: 23 });
      expect(full.nextCursor).toBeUndefined();
      expect(full.items[0]).toMatchObject({ instanceId: sorted('desc')[0], name: expect.any(String), status: expect.any(String) });
    });

    test('filters by status, name, ID prefix, creation time and parent', async () => {
      await seed();
      const all = (await store.listInstances({ limit: 100 })).items;
      const expectIds = async (query: Record<string, unknown>, keep: (r: (typeof all)[number]) => boolean) =>
        expect(await pageThrough({ limit: 4, ...query })).toEqual(ids(all.filter(keep)));
      await expectIds({ statuses: ['COMPLETED', 'FAILED'] }, (r) => r.status === 'COMPLETED' || r.status === 'FAILED');
      await expectIds({ name: 'beta' }, (r) => r.name === 'beta');
      await expectIds({ idPrefix: 'a0' }, (r) => r.instanceId.startsWith('a0'));
      await expectIds({ idPrefix: 'A0' }, () => false);
      await expectIds({ createdFrom: at(20), createdTo: at(50) }, (r) => r.createdAt >= at(20) && r.createdAt <= at(50));
      await expectIds({ parentInstanceId: 'c002' }, (r) => r.parentInstanceId === 'c002');
      await expectIds({ name: 'alpha', statuses: ['RUNNING'], order: 'desc' }, (r) => r.name === 'alpha' && r.status === 'RUNNING');
    });

    test('an invalid cursor is a RangeError', async () => {
      await expect(store.listInstances({ limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(RangeError);
    });

    test('countInstancesByStatus counts under the same filters', async () => {
      await seed();
      const all = (await store.listInstances({ limit: 100 })).items;
      const count = (keep: (r: (typeof all)[number]) => boolean) => {
        const counts: Partial<Record<RuntimeStatus, number>> = {};
        for (const r of all.filter(keep)) counts[r.status] = (counts[r.status] ?? 0) + 1;
        return counts;
      };
      expect(await store.countInstancesByStatus({})).toEqual(count(() => true));
      expect(await store.countInstancesByStatus({ name: 'gamma', createdFrom: at(30) })).toEqual(count((r) => r.name === 'gamma' && r.createdAt >= at(30)));
      expect(await store.countInstancesByStatus({ idPrefix: 'zz' })).toEqual({});
    });

    test('listInstancesWaitingForEvents lists waiting instances, longest wait first', async () => {
      for (const id of ['x1', 'x2', 'x3', 'idle']) await store.createInstance(newInstance(id));
      const items = await claimAll(store);
      const waiting = (id: string, seconds: number) =>
        stepOf(items.get(id)!, {}, { waitingForEventSince: at(seconds), waitingOn: { ...nothingWaited(), events: [{ name: 'approve', since: at(seconds).toISOString() }] } });
      await store.commitWorkflowStep('w1', waiting('x1', 5));
      await store.commitWorkflowStep('w1', waiting('x2', 9));
      await store.commitWorkflowStep('w1', waiting('x3', 1));
      await store.commitWorkflowStep('w1', stepOf(items.get('idle')!));
      const list = await store.listInstancesWaitingForEvents(10);
      expect(ids(list)).toEqual(['x3', 'x1', 'x2']);
      expect(list[2]).toMatchObject({ waitingForEventSince: at(9), waitingOn: { events: [{ name: 'approve' }] } });
      expect(ids(await store.listInstancesWaitingForEvents(2))).toEqual(['x3', 'x1']);
    });
  });
}
