// The PostgreSQL store's own `pg` path next to Prisma: rows the pg path writes read back equal through Prisma
// (in a time zone far from UTC), and writes committed in one group fail or succeed each on its own.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { LeaseLostError, InstanceAlreadyExistsError } from '@/lib/engine/errors';
import type { WorkflowStore } from '@/lib/engine/store';
import { createDatabaseStore } from '@/lib/store/database-store';
import { PrismaReads } from '@/lib/store/prisma-reads';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { T0, at, claimAll, finalUpdate, newInstance, stepOf, task } from './contract/fixtures';

const hasPostgres = availableDatabases().includes('postgresql');

describe.skipIf(!hasPostgres)('PostgreSQL store: pg fast path', () => {
  let db: TestDatabase;
  let fast: WorkflowStore;
  let prisma: PrismaReads;
  const zone = process.env.TZ;

  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  beforeEach(async () => {
    db = await createTestDatabase('postgresql');
    fast = createDatabaseStore(db.prisma, 'postgresql');
    prisma = new PrismaReads(db.prisma, 'postgresql');
  });
  afterEach(async () => {
    await fast.close();
    await db.dispose();
  });

  test('an instance written through pg lists through Prisma with the same times', async () => {
    await fast.createInstance(newInstance('by-pg', { createdAt: at(1.234), scheduledStartAt: at(60.5) }));
    const [listed] = (await prisma.listInstances({ limit: 10 })).items;
    expect(listed).toEqual(await fast.getInstance('by-pg'));
    expect(listed).toMatchObject({ createdAt: at(1.234), lastUpdatedAt: at(1.234), scheduledStartAt: at(60.5) });
    expect(await fast.nextVisibleAt(T0)).toEqual(at(1.234));
  });

  test('a step committed through pg lists through Prisma with the same times; log times match Prisma', async () => {
    await fast.createInstance(newInstance('a1'));
    const item = (await claimAll(fast)).get('a1')!;
    await fast.commitWorkflowStep('w1', stepOf(item, { discardPendingWork: true }, finalUpdate('COMPLETED', 2.5)));
    const [listed] = (await prisma.listInstances({ limit: 10 })).items;
    expect(listed).toEqual(await fast.getInstance('a1'));
    expect(listed).toMatchObject({ completedAt: at(2.5), lastUpdatedAt: at(2.5) });
    await fast.appendActivityLog('a1', 0, 'hello', at(3.001));
    const viaPrisma = await db.prisma.activityLog.findMany({ where: { instanceId: 'a1' }, select: { taskId: true, message: true, createdAt: true } });
    expect(viaPrisma).toEqual(await fast.getActivityLogs('a1'));
    expect((await fast.getActivityLogs('a1'))[0].createdAt).toEqual(at(3.001));
  });

  test('in one write group, a lost lease or a live ID fails only its own write', async () => {
    await fast.createInstance(newInstance('ok'));
    await fast.createInstance(newInstance('stale'));
    const items = await claimAll(fast);
    const ok = items.get('ok')!;
    const stale = items.get('stale')!;
    // Submitted in the same turn, so committed in the same group.
    const results = await Promise.allSettled([
      fast.commitWorkflowStep('w1', stepOf(ok, { activityTasks: [task('ok', 0)] })),
      fast.commitWorkflowStep('w1', { ...stepOf(stale), expectedVersion: stale.instance.version + 1 }),
      fast.createInstance(newInstance('fresh')),
      fast.createInstance(newInstance('ok')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(InstanceAlreadyExistsError);
    expect(await fast.getInstance('ok')).toMatchObject({ status: 'RUNNING', version: 1, historyLength: 1 });
    expect(await fast.getInstance('stale')).toMatchObject({ status: 'PENDING', version: 0, historyLength: 0 });
    expect(await fast.getInstance('fresh')).toMatchObject({ status: 'PENDING' });
    expect((await fast.claimActivityTasks('w1', 10, 1000, at(1))).map((t) => t.instanceId)).toEqual(['ok']);
  });
});
