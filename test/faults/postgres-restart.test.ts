// PostgreSQL ends every session (pg_terminate_backend) and then restarts (pg_ctl restart -m fast) while 100
// BatchProcessingWorkflow instances run: on an engine in this process, and on a standalone `npm run worker`
// process. Every instance completes with the right output and a history without a missing or repeated step,
// the worker process stays up, work resumes within 5 s of the server being back, and the outage is logged
// once when it begins and once when it ends. On a server of the test's own (never the shared one).
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createPrismaClient } from '@/lib/db/client';
import { WorkflowClient, WorkflowRuntime } from '@/lib/engine';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '@/lib/engine/payload';
import { createDatabaseStore } from '@/lib/store/database-store';
import { batchProcessing } from '@/lib/workflows/batch-processing';
import { MemoryInventory } from '@/lib/workflows/inventory';
import { FLOWDECK_WORKER, startNode, type Child } from '../sidecar/support/child-process';
import { expectAllCompleted, LoadWatcher, startBatches } from './support/batch-load';
import { canRunThrowawayPostgres, startFaultyPostgres, type FaultyPostgres } from './support/throwaway-postgres';

const INSTANCES = 100;
/**
 * The engines' lease: long, so that work left leased by a failed step, an undelivered activity result or a claim
 * whose answer was lost would show as instances finishing long after the restart (they must not wait for it).
 */
const LEASE_MS = 120_000;
/** All instances finish within this long after the restart (well under LEASE_MS). */
const FINISH_AFTER_RESTART_MS = 60_000;
const BEGAN = /FD1201 database-outage-began/;
const ENDED = /FD1202 database-outage-ended/;

/** Counts of outage lines, by whoever logs them (this process's console, the worker's output). */
type OutageLines = () => { began: number; ended: number };

/**
 * How the faults go: some work done, sessions terminated, more work done, then a restart while work remains; the
 * engine must commit again and log the outage's end within 5 s of the server being back. Returns the outage
 * line counts just before the restart; a terminate alone is no outage (or one logged both ways).
 */
async function injectFaults(server: FaultyPostgres, watcher: LoadWatcher, prefix: string, outageLines: OutageLines): Promise<{ began: number; ended: number }> {
  const events = async () => (await watcher.historyEvents(prefix)) ?? 0;
  await watcher.waitUntil('the load is under way', 60_000, async () => (await events()) >= 400);
  expect(await server.terminateBackends()).toBeGreaterThan(0);
  const afterTerminate = await events();
  await watcher.waitUntil('work goes on after the sessions were terminated', 15_000, async () => (await events()) >= afterTerminate + 200);
  expect(await watcher.completed(prefix)).toBeLessThan(INSTANCES / 2); // the restart hits a loaded engine
  await watcher.waitUntil('any outage the terminated sessions caused is logged as over', 5_000, async () => outageLines().began === outageLines().ended);
  const before = outageLines();
  await server.restart();
  const back = Date.now();
  const atRestart = await events();
  await watcher.waitUntil('the engine commits steps again', 5_000, async () => (await events()) > atRestart + 20);
  await watcher.waitUntil('the outage is logged as over', Math.max(0, 5_000 - (Date.now() - back)), async () => outageLines().ended > before.ended);
  return before;
}

const runnable = canRunThrowawayPostgres();

describe.skipIf(!runnable)('PostgreSQL sessions terminated and the server restarted under load', () => {
  let server: FaultyPostgres;
  let watcher: LoadWatcher;
  beforeAll(async () => {
    server = await startFaultyPostgres();
    watcher = new LoadWatcher(server.url);
  });
  afterAll(async () => {
    await watcher?.close();
    server?.stop();
  });

  describe('an engine in this process', () => {
    const lines: string[] = [];
    afterEach(() => vi.restoreAllMocks());

    test('every instance completes, work resumes within 5 s, one outage line each way', { timeout: 180_000 }, async () => {
      for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void lines.push(String(line)));
      const count = (pattern: RegExp) => lines.filter((l) => pattern.test(l)).length;
      const prisma = createPrismaClient(server.url);
      const store = createDatabaseStore(prisma, 'postgresql');
      const runtime = new WorkflowRuntime({ store, pollIntervalMs: 50, leaseMs: LEASE_MS });
      runtime.registerWorkflowWithName(batchProcessing.name, batchProcessing.workflow);
      for (const [name, activity] of Object.entries(batchProcessing.activities({ inventory: new MemoryInventory() }))) runtime.registerActivityWithName(name, activity);
      await runtime.start();
      // The dashboard's reads go through Prisma's own pool (adapter-pg): it must live through the faults too.
      const dashboard = setInterval(() => void store.countInstancesByStatus({}).catch(() => undefined), 50);
      try {
        const ids = await startBatches(runtime.client(), 'inproc', INSTANCES);
        const before = await injectFaults(server, watcher, 'inproc', () => ({ began: count(BEGAN), ended: count(ENDED) }));
        await watcher.waitUntil(`all ${INSTANCES} instances completed (no lease waited out)`, FINISH_AFTER_RESTART_MS, async () => (await watcher.completed('inproc')) === INSTANCES, () => watcher.describe('inproc'));
        await expectAllCompleted(store, ids);
        expect({ began: count(BEGAN) - before.began, ended: count(ENDED) - before.ended }).toEqual({ began: 1, ended: 1 });
        expect(lines.filter((l) => /uncaught|unhandled/i.test(l))).toEqual([]);
        expect(await store.countInstancesByStatus({})).toMatchObject({ COMPLETED: INSTANCES });
      } finally {
        clearInterval(dashboard);
        await runtime.stop();
        await store.close();
        await prisma.$disconnect();
      }
    });
  });

  describe('a standalone worker process (npm run worker)', () => {
    let worker: Child | undefined;
    afterEach(async () => {
      await worker?.kill('SIGKILL');
      worker = undefined;
    });

    test('it stays up, every instance completes, one outage line each way', { timeout: 180_000 }, async () => {
      const prisma = createPrismaClient(server.url);
      const store = createDatabaseStore(prisma, 'postgresql');
      const client = new WorkflowClient({ store, maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
      try {
        worker = startNode(['--import', 'tsx', FLOWDECK_WORKER], { DATABASE_URL: server.url, FLOWDECK_GRPC_PORT: 'off', FLOWDECK_POLL_INTERVAL_MS: '50', FLOWDECK_LEASE_MS: String(LEASE_MS) });
        await worker.waitForLine(/Flowdeck worker .* running on/, 60_000);
        const ids = await startBatches(client, 'worker', INSTANCES);
        const w = worker;
        const before = await injectFaults(server, watcher, 'worker', () => ({ began: w.countLines(BEGAN), ended: w.countLines(ENDED) }));
        await watcher.waitUntil(`all ${INSTANCES} instances completed (no lease waited out)`, FINISH_AFTER_RESTART_MS, async () => (await watcher.completed('worker')) === INSTANCES, () => watcher.describe('worker'));
        await expectAllCompleted(store, ids);
        expect({ began: w.countLines(BEGAN) - before.began, ended: w.countLines(ENDED) - before.ended }).toEqual({ began: 1, ended: 1 });
        expect(w.countLines(/Unhandled 'error' event|uncaughtException/)).toBe(0);
        await w.kill('SIGTERM');
        expect(w.countLines(/FD1102 worker-stopped/)).toBe(1); // it was alive to the end, and stopped gracefully
        worker = undefined;
      } finally {
        await store.close();
        await prisma.$disconnect();
      }
    });
  });
});
