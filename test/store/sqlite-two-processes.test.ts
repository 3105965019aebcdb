// Two processes on one SQLite file share the work safely: no "database is locked" error surfaces,
// and no step or activity is committed twice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createPrismaStore } from '@/lib/store/prisma-store';
import { createTestDatabase } from '../support/databases';

const INSTANCES = 150;
const WORKER = path.join(import.meta.dirname, 'fixtures', 'store-worker.ts');

type Tally = { steps: string[]; activities: string[]; errors: string[] };

function runWorker(url: string, startAt: number): Promise<Tally> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, DATABASE_URL: url, START_AT: String(startAt) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Tally) : reject(new Error(`worker exited with code ${code}`))));
  });
}

test('two processes on one SQLite file share steps and activities without busy errors or double commits', { timeout: 60_000 }, async () => {
  const db = await createTestDatabase('sqlite');
  const store = createPrismaStore(db.prisma, 'sqlite');
  try {
    const now = new Date();
    for (let i = 0; i < INSTANCES; i++) {
      const instanceId = `two-${String(i).padStart(3, '0')}`;
      const event = { kind: 'ExecutionStarted' as const, eventId: -1, timestamp: now.toISOString(), name: 'wf', instanceId, executionId: 'e1' };
      await store.createInstance({ instanceId, name: 'wf', executionId: 'e1', createdAt: now, startMessage: { instanceId, visibleAt: now, event } });
    }
    const startAt = Date.now() + 4_000;
    const tallies = await Promise.all([runWorker(db.url, startAt), runWorker(db.url, startAt)]);

    expect(tallies.flatMap((t) => t.errors)).toEqual([]);
    expect(tallies.flatMap((t) => t.steps)).toHaveLength(2 * INSTANCES);
    expect(new Set(tallies.flatMap((t) => t.activities)).size).toBe(INSTANCES);
    expect(tallies.flatMap((t) => t.activities)).toHaveLength(INSTANCES);
    expect(tallies.every((t) => t.steps.length > 0)).toBe(true);
    for (let i = 0; i < INSTANCES; i++) {
      const kinds = (await store.getHistory(`two-${String(i).padStart(3, '0')}`)).map((e) => e.kind);
      expect(kinds).toEqual(['ExecutionStarted', 'TaskCompleted']);
    }
  } finally {
    await db.dispose();
  }
});
