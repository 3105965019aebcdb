// The instance list's filters and sorts (issue 13 items 1 and 2) on every store: ID search ignoring case anywhere,
// what an instance waits on and since when, parent, failure text, time ranges, and keyset pages for every sort.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { InstanceQuery, InstanceSort, WorkflowStore } from '@/lib/engine/store';
import { nothingWaited, type WaitingOn } from '@/lib/engine/waiting-on';
import { createDatabaseStore } from '@/lib/store/database-store';
import { MemoryStore } from '@/lib/store/memory-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { at, claimAll, ids, newInstance, stepOf } from './contract/fixtures';

const waits = (patch: Partial<WaitingOn>): WaitingOn => ({ ...nothingWaited(), ...patch });

/** Seven instances: two finished, two waiting for an event, one for an activity, its child for a timer, one pending. */
async function seed(store: WorkflowStore): Promise<void> {
  const specs = [
    ['Order-A1', 'order', 1],
    ['order-b2', 'order', 2],
    ['Approval-C3', 'approval', 3],
    ['approval-d4', 'approval', 4],
    ['batch-e5', 'batch', 5],
    ['batch-e5-child', 'item', 6],
    ['pend_f7', 'remote', 7],
  ] as const;
  for (const [id, name, seconds] of specs) {
    await store.createInstance(newInstance(id, { name, createdAt: at(seconds), parentInstanceId: id === 'batch-e5-child' ? 'batch-e5' : undefined }));
  }
  const items = await claimAll(store, at(20));
  const step = (id: string, update: Parameters<typeof stepOf>[2], patch: Parameters<typeof stepOf>[1] = {}) => store.commitWorkflowStep('w1', stepOf(items.get(id)!, patch, update));
  await step('Order-A1', { status: 'COMPLETED', completedAt: at(11), durationMs: 10_000, lastUpdatedAt: at(11) }, { discardPendingWork: true });
  const failure = { errorType: 'TimeoutError', message: 'Payment gateway timed out\n  at pay()', stackTrace: 'at pay()' };
  await step('order-b2', { status: 'FAILED', completedAt: at(4), durationMs: 2_000, lastUpdatedAt: at(4), failure }, { discardPendingWork: true });
  const approval = (since: number) => waits({ events: [{ name: 'approval_received', since: at(since).toISOString() }] });
  await step('Approval-C3', { waitingOn: approval(3), waitingForEventSince: at(3), lastUpdatedAt: at(12) });
  await step('approval-d4', { waitingOn: approval(9), waitingForEventSince: at(9), lastUpdatedAt: at(13) });
  await step('batch-e5', { waitingOn: waits({ activities: [{ taskId: 0, name: 'ProcessItem', scheduledAt: at(6).toISOString(), attempt: 1 }] }), lastUpdatedAt: at(14) });
  await step('batch-e5-child', { waitingOn: waits({ timers: [{ taskId: 0, fireAt: at(100).toISOString(), purpose: 'timer' }] }), lastUpdatedAt: at(15) });
}

/** Every page of `query` with pages of `size`, following the cursors. */
async function walk(store: WorkflowStore, query: Omit<InstanceQuery, 'limit' | 'cursor'>, size: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listInstances({ ...query, limit: size, cursor, columns: 'summary' });
    seen.push(...ids(page.items));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

const stores: [string, () => Promise<{ store: WorkflowStore; dispose(): Promise<void> }>][] = [
  ['memory', async () => ({ store: new MemoryStore(), dispose: async () => undefined })],
  ...availableDatabases().map(
    (kind) =>
      [
        kind,
        async () => {
          const db: TestDatabase = await createTestDatabase(kind);
          const store = createDatabaseStore(db.prisma, kind);
          return { store, dispose: async () => (await store.close(), await db.dispose()) };
        },
      ] as [string, () => Promise<{ store: WorkflowStore; dispose(): Promise<void> }>],
  ),
];

describe.each(stores)('%s: instance list filters and sorts', (_kind, open) => {
  let store: WorkflowStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await open());
    await seed(store);
  });
  afterEach(async () => dispose());

  const list = async (query: Omit<InstanceQuery, 'limit'>) => ids((await store.listInstances({ limit: 50, columns: 'summary', ...query })).items);

  test('the ID search ignores case and matches anywhere; LIKE wildcards match only themselves', async () => {
    expect(await list({ idContains: 'ORDER' })).toEqual(['order-b2', 'Order-A1']);
    expect(await list({ idContains: 'e5' })).toEqual(['batch-e5-child', 'batch-e5']);
    expect(await list({ idContains: '_f' })).toEqual(['pend_f7']);
    expect(await list({ idContains: '%' })).toEqual([]);
    expect(await list({ idContains: 'd_4' })).toEqual([]);
  });

  test('rows carry their wait, duration and failure; filters by what they wait on and for how long', async () => {
    const rows = (await store.listInstances({ limit: 50, columns: 'summary' })).items;
    const row = (id: string) => rows.find((r) => r.instanceId === id)!;
    expect(row('Approval-C3').waiting).toEqual({ kind: 'event', name: 'approval_received', since: at(3) });
    expect(row('batch-e5').waiting).toEqual({ kind: 'activity', name: 'ProcessItem', since: at(6) });
    expect(row('batch-e5-child').waiting).toEqual({ kind: 'timer', since: at(15) });
    expect(row('Order-A1').waiting).toBeUndefined();
    expect(row('Order-A1').durationMs).toBe(10_000);
    expect(row('order-b2').failureSummary ?? (row('order-b2') as { failure?: unknown }).failure).toMatchObject({ errorType: 'TimeoutError' });

    expect(await list({ waitingKind: 'event', waitingName: 'approval_received' })).toEqual(['approval-d4', 'Approval-C3']);
    expect(await list({ waitingKind: 'event', waitingName: 'approval_received', waitingSinceBy: at(5) })).toEqual(['Approval-C3']);
    expect(await list({ waitingKind: 'event', waitingName: 'other' })).toEqual([]);
    expect(await list({ waitingKind: 'activity', waitingName: 'ProcessItem' })).toEqual(['batch-e5']);
    expect(await list({ waitingKind: 'timer' })).toEqual(['batch-e5-child']);
    expect(await list({ waitingSinceBy: at(6) })).toEqual(['batch-e5', 'Approval-C3']);
  });

  test('parent, failure, time ranges, excluded names and due instances', async () => {
    expect(await list({ topLevel: true })).not.toContain('batch-e5-child');
    expect(await list({ topLevel: true })).toHaveLength(6);
    expect(await list({ parentInstanceId: 'batch-e5' })).toEqual(['batch-e5-child']);
    expect(await list({ failureText: 'GATEWAY' })).toEqual(['order-b2']);
    expect(await list({ failureText: 'timeouterror' })).toEqual(['order-b2']);
    expect(await list({ failureType: 'TimeoutError' })).toEqual(['order-b2']);
    expect(await list({ failureType: 'Timeout' })).toEqual([]);
    expect(await list({ completedFrom: at(5), completedTo: at(11) })).toEqual(['Order-A1']);
    expect(await list({ updatedFrom: at(12), updatedTo: at(13) })).toEqual(['approval-d4', 'Approval-C3']);
    expect(await list({ createdFrom: at(2), createdTo: at(3) })).toEqual(['Approval-C3', 'order-b2']);
    expect(await list({ dueBy: at(30), excludeNames: ['order', 'approval', 'batch'] })).toEqual(['pend_f7', 'batch-e5-child']);
    const counts = await store.countInstancesByStatus({ failureText: 'gateway' });
    expect(counts).toEqual({ FAILED: 1 });
    expect(await store.countInstancesByStatus({ finishedOnly: true })).toEqual({ COMPLETED: 1, FAILED: 1 });
  });

  test('each sort orders by its key, then creation; pages of 2 walk the same rows as one page', async () => {
    const byName = await list({ sort: 'name', order: 'asc' });
    expect(byName).toEqual(['Approval-C3', 'approval-d4', 'batch-e5', 'batch-e5-child', 'Order-A1', 'order-b2', 'pend_f7']);
    expect(await list({ sort: 'duration', order: 'asc' })).toEqual(['order-b2', 'Order-A1']);
    expect(await list({ sort: 'completed', order: 'desc' })).toEqual(['Order-A1', 'order-b2']);
    expect(await list({ sort: 'updated', order: 'desc' })).toEqual(['batch-e5-child', 'batch-e5', 'approval-d4', 'Approval-C3', 'Order-A1', 'pend_f7', 'order-b2']);
    expect((await list({ sort: 'status', order: 'asc' })).slice(0, 2)).toEqual(['Order-A1', 'order-b2']);
    const sorts: InstanceSort[] = ['created', 'updated', 'completed', 'duration', 'name', 'status'];
    for (const sort of sorts) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = await list({ sort, order });
        expect(await walk(store, { sort, order }, 2), `${sort} ${order}`).toEqual(whole);
        expect(await walk(store, { sort, order, statuses: ['RUNNING', 'FAILED', 'PENDING'] }, 2), `${sort} ${order} by status`).toEqual(
          await list({ sort, order, statuses: ['RUNNING', 'FAILED', 'PENDING'] }),
        );
      }
    }
  });

  test('a cursor of one sort is refused by another', async () => {
    const page = await store.listInstances({ sort: 'name', limit: 2, columns: 'summary' });
    await expect(store.listInstances({ sort: 'created', limit: 2, cursor: page.nextCursor })).rejects.toThrow(RangeError);
  });
});
