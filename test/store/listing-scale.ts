// Listing stays fast with many instances: keyset pages and counts read indexes, not the whole table; and with large
// inputs, summary pages read none of them.
import { expect, test } from 'vitest';
import type { DbClient } from '@/lib/db/client';
import type { Dialect } from '@/lib/db/config';
import type { RuntimeStatus } from '@/lib/engine/runtime-status';
import type { InstancePage, InstanceQuery, WorkflowStore } from '@/lib/engine/store';

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

const LARGE_INSTANCES = 200;
/** Characters of each large input: about 900 KB. */
const LARGE_INPUT_CHARS = 921_600;

/** Inserts LARGE_INSTANCES PENDING instances whose inputs are JSON strings of LARGE_INPUT_CHARS characters, in one statement. */
async function seedLargeInputs(prisma: DbClient, dialect: Dialect): Promise<void> {
  const columns = `"instanceId", "name", "executionId", "status", "input", "createdAt", "lastUpdatedAt"`;
  if (dialect === 'postgresql') {
    const at = `timestamp '2026-01-01' + i * interval '1 second'`;
    await prisma.$executeRawUnsafe(`INSERT INTO "WorkflowInstance" (${columns})
      SELECT 'big-' || lpad(i::text, 3, '0'), 'order', 'e-' || i, 'PENDING', '"' || repeat(md5(i::text), ${LARGE_INPUT_CHARS / 32}) || '"', ${at}, ${at}
      FROM generate_series(0, ${LARGE_INSTANCES - 1}) AS i`);
    return;
  }
  const at = `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${Date.UTC(2026, 0, 1) / 1000} + i, 'unixepoch')`;
  await prisma.$executeRawUnsafe(`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${LARGE_INSTANCES - 1})
    INSERT INTO "WorkflowInstance" (${columns})
    SELECT printf('big-%03d', i), 'order', 'e-' || i, 'PENDING', '"' || hex(randomblob(${LARGE_INPUT_CHARS / 2})) || '"', ${at}, ${at}
    FROM seq`);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

/**
 * Registers the tests that list and count 100,000 instances through `open`'s store (right pages, right counts;
 * timings logged), and that list 200 instances with 900 KB inputs in summary pages that carry no payload.
 */
export function testListingAtScale(dialect: Dialect, open: () => Promise<{ store: WorkflowStore; prisma: DbClient; dispose(): Promise<void> }>): void {
  test(`${dialect}: listing pages and counts are right at ${INSTANCES.toLocaleString('en')} instances`, { timeout: 60_000 }, async () => {
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
      // How fast is the bench's to say (npm run bench:list), not a timed assertion's: the figures are logged only.
    } finally {
      await dispose();
    }
  });

  test(`${dialect}: a summary page of ${LARGE_INSTANCES} instances with 900 KB inputs reads none of them`, { timeout: 60_000 }, async () => {
    const { store, prisma, dispose } = await open();
    try {
      await seedLargeInputs(prisma, dialect);
      /** The median time of `rounds` reads of the first page, each checked by `check`. */
      const median = async (rounds: number, query: InstanceQuery, check: (page: InstancePage<object>) => void) => {
        const times: number[] = [];
        for (let round = 0; round < rounds; round++) {
          const [page, ms] = await timed(() => store.listInstances(query));
          check(page);
          times.push(ms);
        }
        return times.sort((a, b) => a - b)[rounds >> 1];
      };
      const wholeMs = await median(3, { limit: LARGE_INSTANCES }, (page) => expect(page.items[0]).toHaveProperty('input', expect.any(String)));
      const summaryMs = await median(5, { limit: LARGE_INSTANCES, columns: 'summary' }, (page) => {
        expect(page.items).toHaveLength(LARGE_INSTANCES);
        expect(page.items.some((item) => 'input' in item || 'output' in item)).toBe(false);
      });
      const [counts, countMs] = await timed(() => store.countInstancesByStatus({}));
      expect(counts).toEqual({ PENDING: LARGE_INSTANCES });
      console.log(`${dialect}, ${LARGE_INSTANCES} instances with 900 KB inputs, median ms: whole rows ${wholeMs.toFixed(1)}, summary page ${summaryMs.toFixed(1)}, counts ${countMs.toFixed(1)}`);
      // The timings are logged for reading; the bench (npm run bench:list) measures them against its targets.
    } finally {
      await dispose();
    }
  });
}
