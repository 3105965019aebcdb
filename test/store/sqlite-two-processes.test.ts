// Two processes on one SQLite file share the work safely: no "database is locked" error surfaces,
// and no step or activity is committed twice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createDatabaseStore } from '@/lib/store/database-store';
import { createTestDatabase } from '../support/databases';
import { executionStarted } from '@/lib/engine/history-builders';

const INSTANCES = 150;
const WORKER = path.join(import.meta.dirname, 'fixtures', 'store-worker.ts');

type Tally = { steps: string[]; activities: string[]; errors: string[] };

/** A running worker process: resolves `ready` once it claims work, and `stop()` to its tally. */
function startWorker(url: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise<Tally>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n').at(-2)!) as Tally) : reject(new Error(`worker exited with code ${code}`)))),
  );
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()).startsWith('ready') && resolve()));
  return { ready, stop: () => (child.kill('SIGTERM'), exited) };
}

test('two processes on one SQLite file share steps and activities without busy errors or double commits', { timeout: 60_000 }, async () => {
  const db = await createTestDatabase('sqlite');
  const store = createDatabaseStore(db.prisma, 'sqlite');
  const workers = [startWorker(db.url), startWorker(db.url)];
  try {
    await Promise.all(workers.map((w) => w.ready));
    const now = new Date();
    for (let i = 0; i < INSTANCES; i++) {
      const instanceId = `two-${String(i).padStart(3, '0')}`;
      const event = executionStarted(now, { name: 'wf', instanceId, executionId: 'e1' });
      await store.createInstance({ instanceId, name: 'wf', executionId: 'e1', createdAt: now, startMessage: { instanceId, visibleAt: now, event } });
    }
    await expect.poll(() => db.prisma.historyEvent.count(), { timeout: 40_000, interval: 200 }).toBe(2 * INSTANCES);
    const tallies = await Promise.all(workers.map((w) => w.stop()));

    expect(tallies.flatMap((t) => t.errors)).toEqual([]);
    expect(tallies.flatMap((t) => t.steps)).toHaveLength(2 * INSTANCES);
    expect(new Set(tallies.flatMap((t) => t.activities)).size).toBe(INSTANCES);
    expect(tallies.flatMap((t) => t.activities)).toHaveLength(INSTANCES);
    for (let i = 0; i < INSTANCES; i++) {
      const kinds = (await store.getHistory(`two-${String(i).padStart(3, '0')}`)).map((e) => e.kind);
      expect(kinds).toEqual(['ExecutionStarted', 'TaskCompleted']);
    }
  } finally {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await db.dispose();
  }
});
