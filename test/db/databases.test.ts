import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/lib/db/migrate';
import { availableDatabases, createTestDatabase, type TestDatabase } from '@/test/support/databases';

describe.each(availableDatabases())('createTestDatabase(%s)', (kind) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.dispose()));
  });

  it('gives each caller its own migrated, empty database', async () => {
    const [a, b] = await Promise.all([createTestDatabase(kind), createTestDatabase(kind)]);
    opened.push(a, b);
    expect(a.url).not.toBe(b.url);
    expect(a.url).not.toContain('/data/');
    await a.prisma.inventoryItem.create({ data: { name: 'widget', quantity: 3, pricePerItem: 1.5 } });
    expect(await a.prisma.inventoryItem.count()).toBe(1);
    expect(await b.prisma.inventoryItem.count()).toBe(0);
  });

  it('records applied migrations, and migrating again applies nothing', async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
    );
    expect(rows.map((r) => r.migration_name)).toContainEqual(expect.stringMatching(/_init$/));
    expect(await migrateDatabase(db.url)).toEqual([]);
  });

  it('runs transactions and keeps DateTime values', async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.prisma.$transaction([
      db.prisma.workflowInstance.create({
        data: { instanceId: 'i1', name: 'wf', executionId: 'e1', status: 'PENDING', createdAt: at, lastUpdatedAt: at },
      }),
      db.prisma.historyEvent.create({ data: { instanceId: 'i1', sequence: 0, eventType: 'ExecutionStarted', eventId: -1, timestamp: at, data: '{}' } }),
    ]);
    const found = await db.prisma.workflowInstance.findUniqueOrThrow({ where: { instanceId: 'i1' } });
    expect(found.createdAt.toISOString()).toBe(at.toISOString());
    expect(await db.prisma.historyEvent.count({ where: { instanceId: 'i1' } })).toBe(1);
  });

  it('dispose() deletes the database', async () => {
    const db = await createTestDatabase(kind);
    await db.dispose();
    const again = await createTestDatabase(kind);
    opened.push(again);
    expect(await again.prisma.workflowInstance.count()).toBe(0);
  });
});
