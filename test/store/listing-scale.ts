// Listing stays fast with many instances: keyset pages and counts read indexes, not the whole table.
import { expect, test } from 'vitest';
import type { DbClient } from '@/lib/db/client';
import type { Dialect } from '@/lib/db/config';
import type { RuntimeStatus } from '@/lib/engine/runtime-status';
import type { WorkflowStore } from '@/lib/engine/store';

const INSTANCES = 100_000;
const STATUSES: RuntimeStatus[] = ['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'RUNNING', 'TERMINATED', 'SUSPENDED', 'PENDING'];

/** Inserts the instances in one SQL statement (the store's own writes would take minutes), one per second from 2026-01-01. */
async function seed(prisma: DbClient, dialect: Dialect): Promise<void> {
  const columns = `"instanceId", "name", "executionId", "status", "parentInstanceId", "createdAt", "lastUpdatedAt"`;
  const names = `'order', 'approval', 'etl', 'monitor'`;
  const statuses = STATUSES.map((s) => `'${s}'`).join(', ');
  if (dialect === 'postgresql') {
    const at = `timestamp '2026-01-01' + i * interval '1 second'`;
    await prisma.$executeRawUnsafe(`INSERT INTO "WorkflowInstance" (${columns})
      SELECT 'inst-' || lpad(i::text, 6, '0'), (ARRAY[${names}])[i % 4 + 1], 'e-' || i, (ARRAY[${statuses}])[i % ${STATUSES.length} + 1],
        CASE WHEN i % 100 = 0 THEN 'inst-000000' END, ${at}, ${at}
      FROM generate_series(0, ${INSTANCES - 1}) AS i`);
    return;
  }
  // The format the better-sqlite3 adapter stores DateTime in: ISO 8601 with milliseconds and +00:00.
  const at = `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${Date.UTC(2026, 0, 1) / 1000} + i, 'unixepoch')`;
  await prisma.$executeRawUnsafe(`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${INSTANCES - 1})
    INSERT INTO "WorkflowInstance" (${columns})
    SELECT printf('inst-%06d', i), json_extract(json_array(${names}), '$[' || (i % 4) || ']'), 'e-' || i,
      json_extract(json_array(${statuses}), '$[' || (i % ${STATUSES.length}) || ']'),
      CASE WHEN i % 100 = 0 THEN 'inst-000000' END, ${at}, ${at}
    FROM seq`);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

/** Registers a test that lists and counts 100,000 instances through `open`'s store within a time budget. */
export function testListingAtScale(dialect: Dialect, open: () => Promise<{ store: WorkflowStore; prisma: DbClient; dispose(): Promise<void> }>): void {
  test(`${dialect}: listing pages and counts stay fast at ${INSTANCES.toLocaleString('en')} instances`, { timeout: 60_000 }, async () => {
    const { store, prisma, dispose } = await open();
    try {
      await seed(prisma, dialect);
      const medians: Record<string, number> = {};
      /** Reads the first two pages five times; records the median time of a page after the first (warm-up) round. */
      const page = async (what: string, query: Parameters<WorkflowStore['listInstances']>[0]) => {
        const times: number[] = [];
        let pages: Awaited<ReturnType<WorkflowStore['listInstances']>>[] = [];
        for (let round = 0; round < 5; round++) {
          const [first, ms1] = await timed(() => store.listInstances(query));
          const [second, ms2] = await timed(() => store.listInstances({ ...query, cursor: first.nextCursor }));
          if (round > 0) times.push(ms1, ms2);
          pages = [first, second];
        }
        medians[what] = times.sort((a, b) => a - b)[times.length >> 1];
        return pages;
      };
      const [newest, next] = await page('newest', { limit: 50 });
      expect(newest.items[0].instanceId).toBe('inst-099999');
      expect(next.items[0].instanceId).toBe('inst-099949');
      const [failed] = await page('by status', { limit: 50, statuses: ['FAILED', 'SUSPENDED'] });
      expect(failed.items.every((r) => r.status === 'FAILED' || r.status === 'SUSPENDED')).toBe(true);
      await page('by name', { limit: 50, name: 'etl', order: 'asc' });
      const [prefixed] = await page('by ID prefix', { limit: 50, idPrefix: 'inst-0123' });
      expect(prefixed.items).toHaveLength(50);
      await page('by parent', { limit: 50, parentInstanceId: 'inst-000000' });
      await page('by creation time', { limit: 50, createdFrom: new Date(Date.UTC(2026, 0, 1, 12)), createdTo: new Date(Date.UTC(2026, 0, 1, 13)) });
      const [counts, countMs] = await timed(() => store.countInstancesByStatus({}));
      medians['count by status'] = countMs;
      expect(Object.values(counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(INSTANCES);
      console.log(`${dialect} listing at ${INSTANCES} instances, median ms per page:`, Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, +v.toFixed(1)])));
      // An index-served page takes a few ms; sorting or scanning 100,000 rows takes tens to hundreds.
      for (const [what, ms] of Object.entries(medians)) expect(ms, what).toBeLessThan(what === 'count by status' ? 1_000 : 50);
    } finally {
      await dispose();
    }
  });
}
