// Two worker processes on one PostgreSQL database never run the same workflow step twice, and when one is killed the
// other takes its work over in seconds, not when its leases expire.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WorkflowClient } from '@/lib/engine';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '@/lib/engine/payload';
import { createDatabaseStore } from '@/lib/store/database-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { expectConsistentHistory, firstRerunAt, readActivityLog, startEngineProcess, stopProcess, unfinishedRuns, waitAllCompleted } from './engine-processes';

const hasPostgres = availableDatabases().includes('postgresql');
if (!hasPostgres) console.warn('\n*** PostgreSQL not available (TEST_DATABASE_URL_PG unset): SKIPPING the two-process PostgreSQL test ***\n');

describe.skipIf(!hasPostgres)('two worker processes on one PostgreSQL', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    dir = mkdtempSync(path.join(os.tmpdir(), 'flowdeck-multi-'));
  });
  afterAll(async () => {
    await db?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('200 workflows from 2 processes: every task completed exactly once', { timeout: 120_000 }, async () => {
    const store = createDatabaseStore(db.prisma, 'postgresql');
    const client = new WorkflowClient({ store, maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
    const logFile = path.join(dir, 'activities.log');
    const env = { DATABASE_URL: db.url, ACTIVITY_LOG: logFile, LEASE_MS: '10000' };
    const workers = await Promise.all([startEngineProcess({ ...env, GENERATION: 'a' }), startEngineProcess({ ...env, GENERATION: 'b' })]);
    const ids: string[] = [];
    try {
      for (let i = 0; i < 200; i++) ids.push(await client.scheduleNewWorkflow('steps', 3, `multi-${i}`));
      await waitAllCompleted(store, ids, 90_000);
    } finally {
      await Promise.all(workers.map((w) => stopProcess(w, 'SIGTERM')));
    }
    for (const id of ids) expectConsistentHistory(await store.getHistory(id));
    const runs = readActivityLog(logFile).filter((l) => l.phase === 'start');
    const perTask = new Map<string, number>();
    for (const r of runs) perTask.set(`${r.instanceId} ${r.taskId}`, (perTask.get(`${r.instanceId} ${r.taskId}`) ?? 0) + 1);
    expect(perTask.size).toBe(200 * 5);
    expect([...perTask.values()].filter((n) => n > 1)).toEqual([]);
    // Both processes did part of the work.
    expect(new Set(runs.map((r) => r.generation))).toEqual(new Set(['a', 'b']));
  });

  test('SIGKILL one of two processes on two "machines" with 30 s leases: the live one re-runs its activities within seconds', { timeout: 120_000 }, async () => {
    const store = createDatabaseStore(db.prisma, 'postgresql');
    const client = new WorkflowClient({ store, maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
    const logFile = path.join(dir, 'takeover.log');
    // Different heartbeat hosts: the survivor cannot check the dead one's process and must wait out the grace.
    const env = { DATABASE_URL: db.url, ACTIVITY_LOG: logFile, LEASE_MS: '30000' };
    const doomed = await startEngineProcess({ ...env, GENERATION: 'a', HEARTBEAT_HOST: 'machine-a', ACTIVITY_MS: '600000' });
    const ids: string[] = [];
    let survivor: ChildProcess | undefined;
    let killedAt = 0;
    try {
      for (let i = 0; i < 10; i++) ids.push(await client.scheduleNewWorkflow('steps', 2, `takeover-${i}`));
      while (unfinishedRuns(logFile, 'a').size < ids.length) await new Promise((r) => setTimeout(r, 5));
      survivor = await startEngineProcess({ ...env, GENERATION: 'b', HEARTBEAT_HOST: 'machine-b' });
      await new Promise((r) => setTimeout(r, 1_000)); // the survivor has seen the other beat
      await stopProcess(doomed, 'SIGKILL');
      killedAt = Date.now();
      await waitAllCompleted(store, ids, 60_000);
    } finally {
      await stopProcess(doomed, 'SIGKILL');
      if (survivor) await stopProcess(survivor, 'SIGTERM');
    }
    // Without heartbeats the re-runs waited for the leases to expire (~30 s); the target is 10 s (docs/BENCHMARKS.md).
    const rerunAt = firstRerunAt(logFile, 'b', unfinishedRuns(logFile, 'a'));
    expect(rerunAt! - killedAt).toBeLessThan(15_000);
    for (const id of ids) {
      expect((await client.getWorkflowState(id))?.serializedOutput).toBe(String(2 + 200 + 400));
      expectConsistentHistory(await store.getHistory(id));
    }
    expect(await store.listHeartbeats()).toEqual([]);
    await store.close();
  });
});
