// Workers' heartbeats: a dead worker's leases are taken over after a short grace (at once when its process is gone
// from this host), a live worker's never, not even right after the database was away.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowActivityContext, type WorkflowContext, type WorkflowStore } from '@/lib/engine';
import { MemoryStore } from '@/lib/store/memory-store';
import { createDatabaseStore } from '@/lib/store/database-store';
import { createTestDatabase, type TestDatabase } from '../support/databases';

/** The lease a crashed worker left: far longer than any test waits. */
const LONG_LEASE = 120_000;

const runtimes: WorkflowRuntime[] = [];
const databases: TestDatabase[] = [];
/** The warnings and errors the runtimes logged in the running test. */
const warnings: string[] = [];
afterEach(async () => {
  warnings.length = 0;
  await Promise.all(runtimes.splice(0).map((r) => r.stop()));
  await Promise.all(databases.splice(0).map((d) => d.dispose()));
});

/** A runtime (not started) with the workflow `one`, which calls the activity `echo` once; `runs` counts its runs. */
function runtimeOn(store: WorkflowStore, options: { workerGraceMs?: number; heartbeatIntervalMs?: number; workerId?: string; echoMs?: number }, runs: string[] = []) {
  const { echoMs, ...tuning } = options;
  const runtime = new WorkflowRuntime({ store, pollIntervalMs: 50, leaseMs: LONG_LEASE, log: (_level, message) => warnings.push(message), ...tuning });
  runtime.registerActivityWithName('echo', async (ctx: WorkflowActivityContext, input: string) => {
    runs.push(ctx.getWorkflowInstanceId());
    await new Promise((r) => setTimeout(r, echoMs ?? 0));
    return input;
  });
  runtime.registerWorkflowWithName('one', function* (ctx: WorkflowContext, input: string): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.callActivity('echo', input);
  });
  runtimes.push(runtime);
  return runtime;
}

/** Starts instance `id` and leases it to `workerId` for LONG_LEASE, as a worker that then crashed would have. */
async function leasedToCrashedWorker(runtime: WorkflowRuntime, id: string, workerId: string): Promise<void> {
  await runtime.client().scheduleNewWorkflow('one', id, id);
  const claimed = await runtime.store.claimWorkflowWorkItems(workerId, 10, LONG_LEASE, new Date());
  expect(claimed.map((c) => c.instance.instanceId)).toEqual([id]);
}

/** The ID of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

async function timeToComplete(runtime: WorkflowRuntime, id: string): Promise<number> {
  const started = Date.now();
  await runtime.start();
  const state = await runtime.client().waitForWorkflowCompletion(id, true, 30);
  expect(state?.serializedOutput).toBe(JSON.stringify(id));
  return Date.now() - started;
}

describe('taking over the leases of dead workers', () => {
  test('a worker on another host that stopped beating is taken over after the grace, long before its leases expire', async () => {
    const store = new MemoryStore();
    const runtime = runtimeOn(store, { workerGraceMs: 1_000, heartbeatIntervalMs: 100 });
    await leasedToCrashedWorker(runtime, 'i1', 'crashed');
    await store.recordHeartbeat({ workerId: 'crashed', host: 'another-machine', pid: process.pid, startedAt: new Date(), lastSeenAt: new Date() });
    const ms = await timeToComplete(runtime, 'i1');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^worker crashed stopped beating; its leases were taken over/);
    expect(ms).toBeGreaterThanOrEqual(900); // it waited out the grace (its own observation, not the other's clock)...
    expect(ms).toBeLessThan(10_000); // ...not the lease
    expect((await store.listHeartbeats()).map((w) => w.workerId)).toEqual([runtime.options.workerId]);
  });

  test('a worker of this host whose process is gone is taken over at once, without waiting for the grace', async () => {
    const store = new MemoryStore();
    const runtime = runtimeOn(store, { workerGraceMs: 60_000, heartbeatIntervalMs: 200 });
    await leasedToCrashedWorker(runtime, 'i1', 'crashed');
    const lastSeenAt = new Date(Date.now() - 1_000);
    await store.recordHeartbeat({ workerId: 'crashed', host: hostname(), pid: deadPid(), startedAt: lastSeenAt, lastSeenAt });
    expect(await timeToComplete(runtime, 'i1')).toBeLessThan(5_000);
  });

  test('on SQLite: a worker of this host whose process is gone is taken over at once', async () => {
    const db = await createTestDatabase('sqlite');
    databases.push(db);
    const store = createDatabaseStore(db.prisma, 'sqlite');
    const runtime = runtimeOn(store, { workerGraceMs: 60_000, heartbeatIntervalMs: 200 });
    await leasedToCrashedWorker(runtime, 'i1', 'crashed');
    const lastSeenAt = new Date(Date.now() - 1_000);
    await store.recordHeartbeat({ workerId: 'crashed', host: hostname(), pid: deadPid(), startedAt: lastSeenAt, lastSeenAt });
    expect(await timeToComplete(runtime, 'i1')).toBeLessThan(5_000);
    await runtime.stop();
    expect(await store.listHeartbeats()).toEqual([]);
    await store.close();
  });

  test('a restarted worker with the same worker ID releases the leases its predecessor left under it at start', async () => {
    const store = new MemoryStore();
    const runtime = runtimeOn(store, { workerId: 'fixed', workerGraceMs: 60_000 });
    await leasedToCrashedWorker(runtime, 'i1', 'fixed');
    expect(await timeToComplete(runtime, 'i1')).toBeLessThan(5_000);
  });

  test('a running worker beats (its host, pid and start time are listed) and a stopped one deletes its heartbeat', async () => {
    const store = new MemoryStore();
    const runtime = runtimeOn(store, {});
    const before = new Date();
    await runtime.start();
    const [row] = await store.listHeartbeats();
    expect(row).toMatchObject({ workerId: runtime.options.workerId, host: hostname(), pid: process.pid });
    expect(row.startedAt.getTime()).toBeLessThanOrEqual(before.getTime());
    expect(row.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    await runtime.stop();
    expect(await store.listHeartbeats()).toEqual([]);
  });

  test('live workers never take each other over, not even right after the database was away for longer than the grace', { timeout: 30_000 }, async () => {
    const down = { now: false };
    const store = withHeartbeatOutage(new MemoryStore(), down);
    const runs: string[] = [];
    const options = { workerGraceMs: 1_500, heartbeatIntervalMs: 100, echoMs: 5_000 };
    const a = runtimeOn(store, options, runs);
    const b = runtimeOn(store, options, runs);
    await Promise.all([a.start(), b.start()]);
    await a.client().scheduleNewWorkflow('one', 'x', 'slow');
    await until(() => runs.length === 1);
    down.now = true;
    await new Promise((r) => setTimeout(r, 2_500));
    down.now = false;
    const state = await a.client().waitForWorkflowCompletion('slow', true, 30);
    expect(state?.runtimeStatus).toBe('COMPLETED');
    expect(runs).toEqual(['slow']); // the activity ran once
    expect(warnings.filter((w) => w.includes('taken over'))).toEqual([]); // nobody took the other over
    expect((await store.listHeartbeats()).map((w) => w.workerId).sort()).toEqual([a.options.workerId, b.options.workerId].sort());
  });

  test('workers in a process whose event loop was blocked for longer than the grace do not take each other over', { timeout: 30_000 }, async () => {
    const store = new MemoryStore();
    const runs: string[] = [];
    // The first worker judges the second far more often than the second beats: after a block it usually beats
    // first and finds the second's heartbeat older than the grace.
    const a = runtimeOn(store, { workerGraceMs: 1_000, heartbeatIntervalMs: 100, echoMs: 6_000 }, runs);
    const b = runtimeOn(store, { workerGraceMs: 1_000, heartbeatIntervalMs: 400 }, runs);
    await Promise.all([a.start(), b.start()]);
    await a.client().scheduleNewWorkflow('one', 'x', 'blocked');
    await until(() => runs.length === 1);
    for (const pause of [300, 700]) {
      await new Promise((r) => setTimeout(r, pause));
      const end = Date.now() + 2_000;
      while (Date.now() < end); // a long synchronous task: neither worker can beat meanwhile
    }
    expect((await a.client().waitForWorkflowCompletion('blocked', true, 30))?.runtimeStatus).toBe('COMPLETED');
    expect(runs).toEqual(['blocked']);
    expect(warnings.filter((w) => w.includes('taken over'))).toEqual([]);
  });
});

/** The store, with every heartbeat call failing while `down.now` (a database outage as the heartbeats see it). */
function withHeartbeatOutage(store: WorkflowStore, down: { now: boolean }): WorkflowStore {
  const heartbeatCalls = new Set(['recordHeartbeat', 'listHeartbeats', 'takeOverWorker']);
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (down.now && heartbeatCalls.has(String(key))) return Promise.reject(new Error('connection refused'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
