// GET /api/instances/{id}/history paged oldest first (from) and newest first (order=desc, before), through the handler
// with real Requests on real SQLite and PostgreSQL databases; bad paging parameters are 400s naming the parameter.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ApiContext } from '@/lib/api/context';
import type { HistoryPage } from '@/lib/api/dto';
import { historyHandler } from '@/lib/api/instance-handlers';
import { bindRoute } from '@/lib/api/route';
import { eventRaised } from '@/lib/engine/history-builders';
import type { WorkflowStore } from '@/lib/engine/store';
import { createDatabaseStore } from '@/lib/store/database-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { LEASE, newInstance, stepOf } from '../store/contract/fixtures';

let db: TestDatabase;
let store: WorkflowStore;

/** Calls the history route as its route file binds it (query rules, error mapping). */
const history = (query: string) =>
  bindRoute(async () => ({ store }) as unknown as ApiContext, historyHandler)(new Request(`http://localhost/api/instances/h1/history?${query}`), {
    params: Promise.resolve({ id: 'h1' }),
  });
const page = async (query: string): Promise<HistoryPage> => {
  const response = await history(query);
  expect(response.status).toBe(200);
  return (await response.json()) as HistoryPage;
};
const sequences = (p: HistoryPage) => p.events.map((e) => e.sequence);
const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));

describe.each(availableDatabases())('history pages on %s', (kind) => {
  beforeEach(async () => {
    db = await createTestDatabase(kind);
    store = createDatabaseStore(db.prisma, kind);
    // ExecutionStarted, then 24 raised events: sequences 0 … 24.
    await store.createInstance(newInstance('h1', { name: 'IdleWorkflow', createdAt: new Date() }));
    const [item] = await store.claimWorkflowWorkItems('prefill', 1, LEASE, new Date(), { only: ['IdleWorkflow'] });
    const raised = Array.from({ length: 24 }, (_, i) => eventRaised(new Date(), `e${i}`, undefined));
    await store.commitWorkflowStep('prefill', stepOf(item, { newEvents: [...item.messages.map((m) => m.event), ...raised] }));
  });
  afterEach(async () => {
    await store.close();
    await db.dispose();
  });

  test('order=desc gives the newest events first and nextBefore pages to older ones until the first event', async () => {
    const newest = await page('order=desc&limit=10');
    expect(sequences(newest)).toEqual(range(24, 15));
    expect(newest.nextBefore).toBe(15);
    expect(newest.nextSequence).toBeUndefined();
    const older = await page(`order=desc&before=${newest.nextBefore}&limit=10`);
    expect(sequences(older)).toEqual(range(14, 5));
    const oldest = await page(`order=desc&before=${older.nextBefore}&limit=10`);
    expect(sequences(oldest)).toEqual(range(4, 0));
    expect(oldest.nextBefore).toBeUndefined();
    expect(oldest.events[4].kind).toBe('ExecutionStarted');
    expect((await page('order=desc&before=0')).events).toEqual([]);
    expect(sequences(await page('order=desc&before=1000&limit=3'))).toEqual([24, 23, 22]);
  });

  test('the default order is oldest first from `from`, as before (newer events after what a client holds)', async () => {
    const first = await page('limit=10');
    expect(sequences(first)).toEqual(range(0, 9));
    expect(first.nextSequence).toBe(10);
    const newer = await page('from=20&limit=10');
    expect(sequences(newer)).toEqual(range(20, 24));
    expect(newer.nextSequence).toBeUndefined();
    expect(sequences(await page('order=asc&from=5&limit=2'))).toEqual([5, 6]);
  });

  test('bad paging parameters are 400 ERR_MALFORMED_REQUEST naming the parameter', async () => {
    const refused = async (query: string, message: RegExp) => {
      const response = await history(query);
      const body = await response.json();
      expect({ status: response.status, errorCode: body.errorCode }).toEqual({ status: 400, errorCode: 'ERR_MALFORMED_REQUEST' });
      expect(body.message).toMatch(message);
    };
    await refused('order=newest', /^invalid request query: order:/);
    await refused('order=desc&before=1.5', /before: must be a whole number/);
    await refused('order=desc&before=-1', /before: must be a whole number/);
    await refused('order=desc&before=', /before: must be a whole number/);
    await refused('order=desc&limit=ten', /limit: must be a whole number/);
    await refused('order=desc&limit=1001', /limit:/);
    await refused('order=desc&limit=0', /limit:/);
    await refused('before=5', /before: needs order=desc/);
    await refused('order=desc&from=5', /from: is for order=asc/);
    await refused('order=desc&before=5&before=6', /'before' is given 2 times/);
  });
});
