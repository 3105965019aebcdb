// withLiveChildren on real SQLite and PostgreSQL: the parents a purge would refuse because a child is still live.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowClient } from '@/lib/engine';
import { createDatabaseStore } from '@/lib/store/database-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { MemoryInventory } from '@/lib/workflows/inventory';
import { withLiveChildren } from '@/lib/bulk-jobs/live-children';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

describe.each(availableDatabases())('withLiveChildren on %s', (kind) => {
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

  test('names the parents with a live child, in the order asked; finished children and childless instances do not count', async () => {
    const parent = await client.scheduleNewWorkflow('ParentWorkflow', { children: 2, childSeconds: 600 });
    await expect.poll(async () => (await db.prisma.workflowInstance.count({ where: { parentInstanceId: parent } }))).toBe(2);
    const lone = await client.scheduleNewWorkflow('HelloSequenceWorkflow');
    await client.waitForWorkflowCompletion(lone, false, 20);
    expect(await withLiveChildren(db.prisma, [lone, parent, 'no-such'])).toEqual([parent]);
    await db.prisma.workflowInstance.updateMany({ where: { parentInstanceId: parent }, data: { status: 'COMPLETED' } });
    expect(await withLiveChildren(db.prisma, [lone, parent])).toEqual([]);
    expect(await withLiveChildren(db.prisma, [])).toEqual([]);
  });
});
