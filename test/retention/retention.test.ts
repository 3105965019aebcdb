// The retention sweep on real SQLite and PostgreSQL: finished top-level instances older than their workflow's rule
// go with their children, in batches; running, recent and kept ones stay; a run says what it removed.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowClient } from '@/lib/engine';
import { createDatabaseStore } from '@/lib/store/database-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { MemoryInventory } from '@/lib/workflows/inventory';
import { retentionPolicyFromEnv } from '@/lib/retention/retention-policy';
import { RetentionSweeper } from '@/lib/retention/retention-sweeper';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const DAY = 86_400_000;

describe.each(availableDatabases())('retention on %s', (kind) => {
  let db: TestDatabase;
  let runtime: WorkflowRuntime;
  let client: WorkflowClient;

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    runtime = new WorkflowRuntime({ store: createDatabaseStore(db.prisma, kind), pollIntervalMs: 20 });
    registerBuiltInWorkflows(runtime, { inventory: new MemoryInventory() });
    await runtime.start();
    client = runtime.client();
  });
  afterEach(async () => {
    await runtime.stop();
    await db.dispose();
  });

  async function finished(name: string, input?: unknown): Promise<string> {
    const id = await client.scheduleNewWorkflow(name, input);
    await client.waitForWorkflowCompletion(id, false, 20);
    return id;
  }

  test('removes old finished instances with their children, keeps running, recent and kept ones, in batches', async () => {
    const hellos = [];
    for (let i = 0; i < 5; i++) hellos.push(await finished('HelloSequenceWorkflow'));
    const parent = await finished('ParentWorkflow', { children: 2 });
    const children = (await runtime.store.listInstances({ parentInstanceId: parent, limit: 10 })).items.map((c) => c.instanceId);
    expect(children.length).toBeGreaterThan(0);
    const chain = await finished('TaskChainWorkflow', 1);
    const waiting = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 5000, product: 'desk', quantity: 1, timeoutSeconds: 900 });
    await expect.poll(async () => (await runtime.store.getInstance(waiting))?.status).toBe('RUNNING');

    const policy = retentionPolicyFromEnv({ FLOWDECK_RETENTION_DAYS: '1', FLOWDECK_RETENTION_BY_WORKFLOW: 'TaskChainWorkflow=keep' })!;
    // Today nothing is a day old: nothing goes.
    const today = await new RetentionSweeper({ store: runtime.store, policy }).runOnce();
    expect(today).toMatchObject({ removed: 0, byWorkflow: {} });

    const later = new RetentionSweeper({ store: runtime.store, policy, batchSize: 2, now: () => new Date(Date.now() + 2 * DAY) });
    const run = await later.runOnce();
    expect(run.error).toBeUndefined();
    expect(run.byWorkflow).toEqual({ HelloSequenceWorkflow: 5, ParentWorkflow: 1 + children.length });
    expect(run.removed).toBe(6 + children.length);
    for (const id of [...hellos, parent, ...children]) expect(await runtime.store.getInstance(id), id).toBeUndefined();
    expect((await runtime.store.getInstance(chain))?.status).toBe('COMPLETED');
    expect((await runtime.store.getInstance(waiting))?.status).toBe('RUNNING');
    expect(later.lastRun()).toEqual(run);
    expect((await later.runOnce()).removed).toBe(0);
  });

  test('a run that meets a database fault stops, says why, and goes on at the next run', async () => {
    await finished('HelloSequenceWorkflow');
    const policy = retentionPolicyFromEnv({ FLOWDECK_RETENTION_DAYS: '1' })!;
    const failing = { ...runtime.store, listInstances: async () => Promise.reject(new Error('database is unreachable')), purgeInstance: runtime.store.purgeInstance.bind(runtime.store) };
    const broken = await new RetentionSweeper({ store: failing, policy, now: () => new Date(Date.now() + 2 * DAY) }).runOnce();
    expect(broken).toMatchObject({ removed: 0, error: 'database is unreachable' });
    const fine = await new RetentionSweeper({ store: runtime.store, policy, now: () => new Date(Date.now() + 2 * DAY) }).runOnce();
    expect(fine.removed).toBe(1);
  });
});
