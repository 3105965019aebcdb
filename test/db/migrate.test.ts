import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readMigrationsList } from '@/lib/db/migrations';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-migrate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const committed = readMigrationsList('sqlite').migrationDirectories.map((d) => d.path);

describe('migrateDatabase', () => {
  it('applies every committed migration once, then nothing', async () => {
    const { migrateDatabase } = await import('@/lib/db/migrate');
    const url = `file:${path.join(dir, 'once.db')}`;
    expect(await migrateDatabase(url)).toEqual(committed);
    expect(await migrateDatabase(url)).toEqual([]);
  });

  it('shares one run between concurrent calls in a process', async () => {
    const { migrateDatabase } = await import('@/lib/db/migrate');
    const url = `file:${path.join(dir, 'concurrent.db')}`;
    const [a, b] = await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
    expect(a).toEqual(committed);
    expect(b).toEqual(committed);
  });

  it('still works when its modules are loaded a second time in the same process (as Next.js does)', async () => {
    const first = await import('@/lib/db/migrate');
    await first.migrateDatabase(`file:${path.join(dir, 'first.db')}`);
    vi.resetModules();
    const second = await import('@/lib/db/migrate');
    expect(second).not.toBe(first);
    expect(await second.migrateDatabase(`file:${path.join(dir, 'second.db')}`)).toEqual(committed);
  });

  it('fails with a one-line DatabaseConfigError for an unreachable PostgreSQL', async () => {
    const { migrateDatabase } = await import('@/lib/db/migrate');
    const { isDatabaseConfigError } = await import('@/lib/db/config');
    const error = await migrateDatabase('postgresql://nobody@127.0.0.1:1/none').catch((e: unknown) => e);
    expect(isDatabaseConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Cannot reach PostgreSQL .*ECONNREFUSED/);
  });
});
