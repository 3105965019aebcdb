// Dashboard sessions in the database: only the ID's hash is stored; sign-out and expiry end them.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PrismaSessionStore } from '@/lib/auth/prisma-session-store';
import { sha256Hex } from '@/lib/auth/session-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

describe.each(availableDatabases())('dashboard sessions on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await db.dispose();
  });

  test('stores the SHA-256 of the random ID, never the ID; finds it by the ID', async () => {
    const store = new PrismaSessionStore(db.prisma);
    const rawId = await store.create(sha256Hex('token'), new Date(Date.now() + 60_000));
    const rows = await db.prisma.dashboardSession.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].idHash).toBe(sha256Hex(rawId));
    expect(JSON.stringify(rows)).not.toContain(rawId);
    expect((await store.find(rawId))?.tokenDigest).toBe(sha256Hex('token'));
    expect(await store.find(`${rawId}x`)).toBeUndefined();
  });

  test('sign-out deletes the row, so another process (another store) refuses the ID at once', async () => {
    const here = new PrismaSessionStore(db.prisma);
    const rawId = await here.create(sha256Hex('token'), new Date(Date.now() + 60_000));
    const elsewhere = new PrismaSessionStore(db.prisma);
    expect(await elsewhere.find(rawId)).toBeDefined();
    await here.revoke(rawId);
    expect(await here.find(rawId)).toBeUndefined();
    expect(await db.prisma.dashboardSession.count()).toBe(0);
    expect(await new PrismaSessionStore(db.prisma).find(rawId)).toBeUndefined();
  });

  test('an expired session is not found, and is deleted when the next session starts', async () => {
    const store = new PrismaSessionStore(db.prisma);
    const old = await store.create(sha256Hex('token'), new Date(Date.now() - 1_000));
    expect(await store.find(old)).toBeUndefined();
    await store.create(sha256Hex('token'), new Date(Date.now() + 60_000));
    expect(await db.prisma.dashboardSession.count()).toBe(1);
  });
});
