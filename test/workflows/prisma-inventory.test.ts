import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowRuntime } from '@/lib/engine';
import { MemoryStore } from '@/lib/store/memory-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { DEFAULT_INVENTORY } from '@/lib/workflows/inventory';
import { createPrismaInventory } from '@/lib/workflows/prisma-inventory';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.dispose();
  db = undefined;
});

describe.each(availableDatabases())('PrismaInventory on %s', (kind) => {
  it('fills an empty table with the default stock on first use', async () => {
    db = await createTestDatabase(kind);
    const inventory = createPrismaInventory(db.prisma);
    expect(await inventory.list()).toEqual(DEFAULT_INVENTORY);
    expect(await db.prisma.inventoryItem.count()).toBe(3);
  });

  it('finds items case-insensitively and takes stock only when enough is left', async () => {
    db = await createTestDatabase(kind);
    const inventory = createPrismaInventory(db.prisma);
    expect(await inventory.get('cars')).toEqual({ name: 'Cars', quantity: 100, pricePerItem: 15000 });
    expect(await inventory.take('CARS', 30)).toEqual({ ok: true, item: { name: 'Cars', quantity: 70, pricePerItem: 15000 } });
    expect(await inventory.take('Cars', 71)).toEqual({ ok: false, reason: 'insufficient', item: { name: 'Cars', quantity: 70, pricePerItem: 15000 } });
    expect(await inventory.take('Boats', 1)).toEqual({ ok: false, reason: 'unknown-item' });
    expect(await inventory.get('Boats')).toBeUndefined();
  });

  it('lets only one of two racing orders take the last units', async () => {
    db = await createTestDatabase(kind);
    const inventory = createPrismaInventory(db.prisma);
    await inventory.take('Computers', 90);
    const results = await Promise.all([inventory.take('Computers', 10), inventory.take('Computers', 10)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await inventory.get('Computers'))!.quantity).toBe(0);
  });

  it('restocks every default item to its default quantity', async () => {
    db = await createTestDatabase(kind);
    const inventory = createPrismaInventory(db.prisma);
    await inventory.take('Paperclips', 100);
    await db.prisma.inventoryItem.update({ where: { name: 'Cars' }, data: { pricePerItem: 1 } });
    expect(await inventory.restock()).toEqual(DEFAULT_INVENTORY);
  });

  it('is the stock OrderProcessingWorkflow sells from', async () => {
    db = await createTestDatabase(kind);
    const inventory = createPrismaInventory(db.prisma);
    const runtime = new WorkflowRuntime({ store: new MemoryStore(), pollIntervalMs: 20 });
    registerBuiltInWorkflows(runtime, { inventory });
    await runtime.start();
    try {
      const client = runtime.client();
      const id = await client.scheduleNewWorkflow('OrderProcessingWorkflow', { Name: 'Paperclips', Quantity: 1, TotalCost: 9.95 });
      const state = await client.waitForWorkflowCompletion(id, true, 20);
      expect(state!.serializedOutput).toBe('{"Processed":true}');
      expect((await db.prisma.inventoryItem.findUnique({ where: { name: 'Paperclips' } }))!.quantity).toBe(99);
    } finally {
      await runtime.stop();
    }
  });
});
