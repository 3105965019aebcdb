// Two engine processes on one SQLite file (the app and `npm run worker`) both make progress: neither starves
// the other of the write lock, and every workflow completes with a consistent history. (With less work than
// one process takes, follow-up work stays with the process that woke it in-process; that is not starvation.
// Here there are more activities at once than one process runs: 300 instances, 100 activity slots each.)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WorkflowClient } from '@/lib/engine';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '@/lib/engine/payload';
import { createDatabaseStore } from '@/lib/store/database-store';
import { expectConsistentHistory, readActivityLog, startEngineProcess, stopProcess, waitAllCompleted } from '../engine/engine-processes';
import { createTestDatabase, type TestDatabase } from '../support/databases';

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  dir = mkdtempSync(path.join(os.tmpdir(), 'flowdeck-two-engines-'));
});
afterAll(async () => {
  await db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('two busy engine processes on one SQLite file both run activities and complete every workflow', { timeout: 90_000 }, async () => {
  const store = createDatabaseStore(db.prisma, 'sqlite');
  const client = new WorkflowClient({ store, maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
  const logFile = path.join(dir, 'activities.log');
  const env = { DATABASE_URL: db.url, ACTIVITY_LOG: logFile, LEASE_MS: '30000' };
  const engines = [await startEngineProcess(env), await startEngineProcess(env)];
  try {
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(await client.scheduleNewWorkflow('steps', 8, `two-${i}`));
    await waitAllCompleted(store, ids, 60_000);
    for (const id of ids) expectConsistentHistory(await store.getHistory(id));
  } finally {
    await Promise.all(engines.map((e) => stopProcess(e, 'SIGTERM')));
    await store.close();
  }
  const runs = readActivityLog(logFile).filter((l) => l.phase === 'done');
  const perProcess = engines.map((e) => runs.filter((l) => l.pid === String(e.pid)).length);
  expect(perProcess.every((n) => n >= runs.length * 0.05), `activity runs per process: ${perProcess.join(', ')}`).toBe(true);
});
