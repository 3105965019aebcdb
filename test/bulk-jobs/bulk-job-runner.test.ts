// Bulk jobs on real SQLite and PostgreSQL: a job works through its snapshot in batches, skips instances not in a
// state for its action with the reason, stops on cancel, and after a restart mid-job acts on no instance twice.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowClient } from '@/lib/engine';
import { createDatabaseStore } from '@/lib/store/database-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { MemoryInventory } from '@/lib/workflows/inventory';
import { createBulkJob, requestCancel, runBulkJobBatch, runningBulkJobIds, type BulkJobDeps } from '@/lib/bulk-jobs/bulk-job-runner';
import { snapshotMatchingIds } from '@/lib/bulk-jobs/filter-snapshot';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const ADA = { kind: 'user' as const, name: 'Ada' };

describe.each(availableDatabases())('bulk jobs on %s', (kind) => {
  let db: TestDatabase;
  let runtime: WorkflowRuntime;
  let client: WorkflowClient;
  let deps: BulkJobDeps;

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    runtime = new WorkflowRuntime({ store: createDatabaseStore(db.prisma, kind), pollIntervalMs: 20 });
    registerBuiltInWorkflows(runtime, { inventory: new MemoryInventory() });
    await runtime.start();
    client = runtime.client();
    deps = { prisma: db.prisma, ctx: { client, store: runtime.store, maxPayloadBytes: 1_000_000 } };
  });
  afterEach(async () => {
    await runtime.stop();
    await db.dispose();
  });

  async function waiting(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 5000, product: 'desk', quantity: 1, timeoutSeconds: 900 }));
    for (const id of ids) await expect.poll(async () => (await runtime.store.getInstance(id))?.status).toBe('RUNNING');
    return ids;
  }

  test('pauses every instance in batches, skips a finished one with the reason, keeps the actor and reason', async () => {
    const ids = await waiting(3);
    const done = await client.scheduleNewWorkflow('HelloSequenceWorkflow');
    await client.waitForWorkflowCompletion(done, false, 20);
    const id = await createBulkJob(db.prisma, { action: 'pause', instanceIds: [...ids, done, 'no-such'], filter: 'status=RUNNING', actor: ADA, reason: 'maintenance' });
    expect(await runningBulkJobIds(db.prisma)).toEqual([id]);
    expect(await runBulkJobBatch(deps, id, 2)).toBe(true);
    expect((await db.prisma.bulkJob.findUnique({ where: { id } }))?.nextIndex).toBe(2);
    while (await runBulkJobBatch(deps, id, 2));
    const job = (await db.prisma.bulkJob.findUnique({ where: { id } }))!;
    expect(job).toMatchObject({ status: 'completed', succeeded: 3, skipped: 2, failed: 0, nextIndex: 5, inFlight: null });
    const outcomes = JSON.parse(job.outcomes);
    expect(outcomes.succeeded).toEqual(ids);
    expect(outcomes.skipped.map((s: { instanceId: string }) => s.instanceId)).toEqual([done, 'no-such']);
    expect(outcomes.skipped[0].reason).toMatch(/COMPLETED/);
    for (const i of ids) expect((await runtime.store.getInstance(i))?.status).toBe('SUSPENDED');
    const history = await runtime.store.getHistory(ids[0]);
    expect(history.find((e) => e.kind === 'ExecutionSuspended')).toMatchObject({ reason: 'maintenance', actor: ADA });
    expect(await runningBulkJobIds(db.prisma)).toEqual([]);
  });

  test('cancel midway stops before the next instance; the rest are untouched', async () => {
    const ids = await waiting(4);
    const id = await createBulkJob(db.prisma, { action: 'terminate', instanceIds: ids, filter: '', actor: ADA });
    await runBulkJobBatch(deps, id, 1);
    expect(await requestCancel(db.prisma, id)).toBe(true);
    expect(await runBulkJobBatch(deps, id, 10)).toBe(false);
    expect(await db.prisma.bulkJob.findUnique({ where: { id } })).toMatchObject({ status: 'canceled', succeeded: 1, nextIndex: 1 });
    expect(await requestCancel(db.prisma, id)).toBe(false);
    for (const i of ids.slice(1)) expect((await runtime.store.getInstance(i))?.status).toBe('RUNNING');
  });

  test('a restart midway resumes after the last claimed instance and never applies twice', async () => {
    const ids = await waiting(3);
    const id = await createBulkJob(db.prisma, { action: 'rerun', instanceIds: ids, filter: '', actor: ADA });
    // A crash while rerunning the first instance: it was claimed, its outcome never recorded.
    await db.prisma.bulkJob.update({ where: { id }, data: { nextIndex: 1, inFlight: ids[0] } });
    while (await runBulkJobBatch(deps, id, 5));
    const job = (await db.prisma.bulkJob.findUnique({ where: { id } }))!;
    expect(job).toMatchObject({ status: 'completed', failed: 1, nextIndex: 3 });
    expect(JSON.parse(job.outcomes).failed[0]).toMatchObject({ instanceId: ids[0], message: expect.stringMatching(/interrupted/) });
    // Reruns need finished sources: the live ones are skipped with the reason, none is retried.
    expect(job).toMatchObject({ succeeded: 0, skipped: 2 });
    expect(JSON.parse(job.outcomes).skipped[0].reason).toMatch(/terminate it first/);
    expect(await runBulkJobBatch(deps, id, 5)).toBe(false);
  });

  test('the snapshot is what the list filter matches now; a bad filter is the list 400', async () => {
    const ids = await waiting(2);
    const done = await client.scheduleNewWorkflow('HelloSequenceWorkflow');
    await client.waitForWorkflowCompletion(done, false, 20);
    const ctx = { store: runtime.store, registry: runtime.registry };
    expect((await snapshotMatchingIds(ctx, 'status=RUNNING&name=PurchaseOrderWorkflow')).map((r) => r.instanceId).sort()).toEqual([...ids].sort());
    expect(await snapshotMatchingIds(ctx, '?status=COMPLETED')).toEqual([{ instanceId: done, status: 'COMPLETED' }]);
    expect(await snapshotMatchingIds(ctx, 'status=RUNNING', 1)).toHaveLength(2);
    await expect(snapshotMatchingIds(ctx, 'status=NOPE')).rejects.toMatchObject({ status: 400 });
  });
});
