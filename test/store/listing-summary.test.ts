// Listings read summaries, not payloads: on real SQLite and PostgreSQL databases holding large inputs, outputs and
// failures, summary listings carry none of them, the approvals inbox carries a capped preview of the input, and
// the instance itself (and its detail in the dashboard API) still carries everything.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { getInstanceDetail, listInstances } from '@/lib/api/instances';
import { INPUT_SUMMARY_CHARS, listApprovals } from '@/lib/api/workflows';
import type { Dialect } from '@/lib/db/config';
import { Registry } from '@/lib/engine/registry';
import { INPUT_PREVIEW_CHARS, type InstanceQuery, type InstanceRecord, type WorkflowStore } from '@/lib/engine/store';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { createDatabaseStore } from '@/lib/store/database-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { at, claimAll, finalUpdate, newInstance, stepOf } from './contract/fixtures';

/** A JSON string payload of about `kb` KB; 'é' makes characters and UTF-8 bytes differ. */
const payload = (tag: string, kb: number) => JSON.stringify(`${tag}:` + 'é'.repeat(kb * 512));

const INPUT = payload('input', 300);
const OUTPUT = payload('output', 300);
const STACK = 'at somewhere\n'.repeat(20_000);

/** Creates four instances with large payloads: PENDING, COMPLETED (output), FAILED (stack trace) and one waiting for 'approve'. */
async function seed(store: WorkflowStore): Promise<void> {
  for (const [id, seconds] of [['pending', 4], ['completed', 3], ['failed', 2], ['waiting', 1]] as const) {
    await store.createInstance(newInstance(id, { input: INPUT, createdAt: at(seconds), parentInstanceId: id === 'pending' ? 'completed' : undefined }));
  }
  await store.createInstance(newInstance('short', { input: '{"order":1}', createdAt: at(0) }));
  const items = await claimAll(store, at(10));
  items.delete('pending');
  await store.commitWorkflowStep('w1', stepOf(items.get('completed')!, { discardPendingWork: true }, { ...finalUpdate('COMPLETED', 5), output: OUTPUT }));
  const failure = { errorType: 'Boom', message: 'it broke', stackTrace: STACK };
  await store.commitWorkflowStep('w1', stepOf(items.get('failed')!, { discardPendingWork: true }, { ...finalUpdate('FAILED', 6), failure }));
  const waits = { ...nothingWaited(), events: [{ name: 'approve', since: at(7).toISOString() }] };
  for (const id of ['waiting', 'short']) {
    await store.commitWorkflowStep('w1', stepOf(items.get(id)!, {}, { waitingForEventSince: at(id === 'short' ? 8 : 7), waitingOn: waits, lastUpdatedAt: at(7) }));
  }
}

/** The record without what a summary leaves out. */
function summaryOf({ input, output, failure, waitingOn, ...summary }: InstanceRecord) {
  void [input, output, failure, waitingOn];
  return summary;
}

/** The store, recording the `columns` of every listInstances call (the real store answers each). */
function recordingColumns(store: WorkflowStore): { store: WorkflowStore; asked: (string | undefined)[] } {
  const asked: (string | undefined)[] = [];
  const listInstances = (query: InstanceQuery) => (asked.push(query.columns), store.listInstances(query));
  return { store: new Proxy(store, { get: (target, key) => (key === 'listInstances' ? listInstances : Reflect.get(target, key, target)) }), asked };
}

for (const dialect of availableDatabases() as Dialect[]) {
  describe(`${dialect}: listings without payloads`, () => {
    let db: TestDatabase;
    let store: WorkflowStore;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      store = createDatabaseStore(db.prisma, dialect);
      await seed(store);
    });
    afterEach(async () => {
      await store.close();
      await db.dispose();
    });

    test('a summary listing carries no input, output, failure or waits; whole rows and the instance still do', async () => {
      const full = await store.listInstances({ limit: 10 });
      const summary = await store.listInstances({ limit: 10, columns: 'summary' });
      expect(summary.items.map((r) => r.instanceId)).toEqual(['pending', 'completed', 'failed', 'waiting', 'short']);
      for (const item of summary.items) for (const key of ['input', 'output', 'failure', 'waitingOn']) expect(item).not.toHaveProperty(key);
      expect(summary.items).toEqual(full.items.map(summaryOf));
      expect(full.items.find((r) => r.instanceId === 'completed')).toMatchObject({ input: INPUT, output: OUTPUT });
      expect((await store.getInstance('failed'))?.failure).toEqual({ errorType: 'Boom', message: 'it broke', stackTrace: STACK });

      const paged = await store.listInstances({ limit: 2, columns: 'summary', statuses: ['PENDING', 'COMPLETED', 'FAILED'] });
      const rest = await store.listInstances({ limit: 2, columns: 'summary', statuses: ['PENDING', 'COMPLETED', 'FAILED'], cursor: paged.nextCursor });
      expect([...paged.items, ...rest.items].map((r) => r.instanceId)).toEqual(['pending', 'completed', 'failed']);
      expect(rest.nextCursor).toBeUndefined();
    });

    test('the approvals reads carry the first characters of the input, and what the instance waits on', async () => {
      const waiting = await store.listInstancesWaitingForEvents(10);
      expect(waiting.map((r) => r.instanceId)).toEqual(['waiting', 'short']);
      expect(waiting[0].input).toBe(INPUT.slice(0, INPUT_PREVIEW_CHARS));
      expect(waiting[1].input).toBe('{"order":1}');
      expect(waiting[0].waitingOn?.events).toEqual([{ name: 'approve', since: at(7).toISOString() }]);
      for (const item of waiting) for (const key of ['output', 'failure']) expect(item).not.toHaveProperty(key);

      const previews = await store.listInstances({ limit: 10, columns: 'preview', statuses: ['RUNNING'] });
      expect(previews.items.map((r) => [r.instanceId, r.input])).toEqual([['waiting', INPUT.slice(0, INPUT_PREVIEW_CHARS)], ['short', '{"order":1}']]);
    });

    test('the dashboard API lists summaries and a capped input in the inbox; the instance page has the payloads', async () => {
      const registry = new Registry();
      registry.addWorkflow('wf', function* () {}, { events: [{ name: 'approve' }] });
      const recorded = recordingColumns(store);
      const ctx = { store: recorded.store, registry };

      const list = await listInstances(ctx, { order: 'desc', limit: 200 });
      expect(list.items.map((i) => i.instanceId)).toEqual(['pending', 'completed', 'failed', 'waiting', 'short']);
      expect(list.counts).toMatchObject({ PENDING: 1, COMPLETED: 1, FAILED: 1, RUNNING: 2 });
      expect(JSON.stringify(list).length).toBeLessThan(4_000);
      expect(recorded.asked).toEqual(['summary']);

      const detail = await getInstanceDetail(ctx, 'completed');
      expect(detail).toMatchObject({ input: JSON.parse(INPUT), output: JSON.parse(OUTPUT), children: [expect.objectContaining({ instanceId: 'pending' })] });
      expect(recorded.asked).toEqual(['summary', 'summary']);

      const approvals = await listApprovals(ctx);
      const byId = Object.fromEntries(approvals.map((a) => [a.instanceId, a.inputSummary]));
      expect(byId).toEqual({ waiting: `${INPUT.slice(0, INPUT_SUMMARY_CHARS - 1)}…`, short: '{"order":1}' });
    });
  });
}
