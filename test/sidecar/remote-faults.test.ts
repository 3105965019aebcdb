// Faults around remote SDK workers, with a real @dapr/dapr 3.18 app in a second process, on SQLite and
// PostgreSQL: the app killed mid-flight and started again, a worker that takes work and never answers, and
// Flowdeck itself stopped and killed mid-flight while the app stays up. Every instance completes and no
// activity is recorded as completed twice. Each scenario runs on both databases at once.
import { DaprWorkflowClient, LogLevel, WorkflowRuntimeStatus } from '@dapr/dapr';
import { describe, expect, test, type TestContext } from 'vitest';
import type { WorkflowStore } from '@/lib/engine';
import { createDatabaseStore } from '@/lib/store/database-store';
import { availableDatabases, createTestDatabase } from '../support/databases';
import { startFlowdeckProcess, startWorkerApp, type Child } from './support/child-process';
import { freePort } from './support/free-port';
import { RawSidecarClient } from './support/raw-client';
import { openRawWorker } from './support/raw-worker';
import { completedMoreThanOnce, waitUntil, workersConnected } from './support/remote-checks';
import { startRemoteHost } from './support/remote-host';

const DATABASES = availableDatabases();
const CHAIN = { count: 10, ms: 5 };
const TIMEOUT_MS = 60_000;

/** What a test started, stopped when it ends (last started, first stopped). */
function resources({ onTestFinished }: TestContext) {
  const cleanups: (() => Promise<void> | void)[] = [];
  onTestFinished(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return {
    cleanups,
    sdkClient(port: number) {
      const client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(port), logger: { level: LogLevel.Error } });
      cleanups.push(() => client.stop());
      return client;
    },
    track(child: Child) {
      cleanups.push(() => child.kill());
      return child;
    },
  };
}

/** Activities completed so far in the instances' histories. */
async function progress(store: WorkflowStore, ids: string[]): Promise<number> {
  const histories = await Promise.all(ids.map((id) => store.getHistory(id)));
  return histories.reduce((n, history) => n + history.filter((e) => e.kind === 'TaskCompleted').length, 0);
}

/** Every instance completed with the chain's result, each of its activities completed exactly once. */
async function expectAllCompletedOnce(client: DaprWorkflowClient, store: WorkflowStore, ids: string[]): Promise<void> {
  for (const id of ids) {
    const done = await client.waitForWorkflowCompletion(id, true, 40);
    expect([id, done?.runtimeStatus, done?.serializedOutput]).toEqual([id, WorkflowRuntimeStatus.COMPLETED, String(CHAIN.count)]);
    const history = await store.getHistory(id);
    expect(completedMoreThanOnce(history), id).toEqual([]);
    expect(history.filter((e) => e.kind === 'TaskCompleted'), id).toHaveLength(CHAIN.count);
  }
}

describe('the SDK app killed mid-flight', () => {
  test.concurrent.for(DATABASES)('on %s: 50 ten-activity chains in flight, SIGKILL, app started again: all complete, nothing completed twice; starts meanwhile wait or are refused', { timeout: TIMEOUT_MS }, async (kind, context) => {
    const { cleanups, sdkClient, track } = resources(context);
    const h = await startRemoteHost(kind);
    cleanups.push(() => h.stop());
    const first = track(await startWorkerApp(h.server.port));
    await workersConnected(h.host);
    const client = sdkClient(h.server.port);
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => client.scheduleNewWorkflow('stepsWorkflow', CHAIN, `${kind}-killed-app-${i}`)));
    await waitUntil('a fifth of the activities completed', async () => (await progress(h.host.store, ids)) >= 100);
    await first.kill('SIGKILL');
    expect(await progress(h.host.store, ids)).toBeLessThan(500);
    // While no app is connected: a name remote workers ran is still accepted (it waits for them), one never
    // run nor declared is refused, saying no worker is connected.
    await waitUntil('the stream is gone', () => h.host.remoteWorkers?.connected() === 0);
    ids.push(await client.scheduleNewWorkflow('stepsWorkflow', CHAIN, `${kind}-killed-app-while-down`));
    const refused = client.scheduleNewWorkflow('neverRunAnywhere', undefined, `${kind}-never-run`);
    await expect(refused).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/none is connected/) });
    expect(await h.host.store.getInstance(`${kind}-never-run`)).toBeUndefined();
    expect((await client.getWorkflowState(`${kind}-killed-app-while-down`, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.PENDING);
    track(await startWorkerApp(h.server.port));
    await expectAllCompletedOnce(client, h.host.store, ids);
  });
});

describe('a worker that takes work and never answers', () => {
  test.concurrent.for(DATABASES)('on %s: after the lease its steps go to a real SDK worker; its late answer is refused and writes nothing', { timeout: TIMEOUT_MS }, async (kind, context) => {
    const { cleanups, sdkClient, track } = resources(context);
    const h = await startRemoteHost(kind, { leaseMs: 2000 });
    cleanups.push(() => h.stop());
    const silent = openRawWorker(h.server.address);
    cleanups.push(() => silent.close());
    await workersConnected(h.host);
    const client = sdkClient(h.server.port);
    const ids = await Promise.all([0, 1, 2].map((i) => client.scheduleNewWorkflow('chainWorkflow', i + 1, `${kind}-silent-${i}`)));
    const taken = await silent.waitForSteps(3);
    const sentAt = Date.now();
    expect(taken.map((s) => s.instanceId).sort()).toEqual([...ids].sort());
    track(await startWorkerApp(h.server.port));
    for (const [i, id] of ids.entries()) {
      const done = await client.waitForWorkflowCompletion(id, true, 20);
      expect(done?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
      expect(JSON.parse(done!.serializedOutput!)).toEqual([i + 2, (i + 2) * 2, (i + 2) * (i + 2) * 4]);
    }
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1500);
    // The silent worker wakes up and answers its old step: refused, and history is unchanged.
    const raw = new RawSidecarClient(h.server.address);
    cleanups.push(() => raw.close());
    const before = await h.host.store.getHistory(ids[0]);
    const late = await raw.taskHub('CompleteOrchestratorTask', { instanceId: ids[0], actions: [{ id: 1, scheduleTask: { name: 'plusOne', input: { value: '1' } } }] });
    expect(late).toMatchObject({ ok: false, code: 9 });
    expect(await h.host.store.getHistory(ids[0])).toEqual(before);
  });

  test.concurrent.for(DATABASES)('on %s: when its step went to another worker after the lease, its late answer is refused and the new one counts', { timeout: TIMEOUT_MS }, async (kind, context) => {
    const { cleanups } = resources(context);
    const h = await startRemoteHost(kind, { leaseMs: 2000 });
    cleanups.push(() => h.stop());
    const raw = new RawSidecarClient(h.server.address);
    cleanups.push(() => raw.close());
    const slow = openRawWorker(h.server.address);
    cleanups.push(() => slow.close());
    await workersConnected(h.host);
    const id = `${kind}-redelivered`;
    expect(await raw.taskHub('StartInstance', { instanceId: id, name: 'HandWrittenWorkflow' })).toMatchObject({ ok: true });
    await slow.nextStep(id);
    const other = openRawWorker(h.server.address);
    cleanups.push(() => other.close());
    await workersConnected(h.host, 2);
    // An event arrives while the slow worker sits on the step: only the redelivered step carries it.
    expect(await raw.taskHub('RaiseEvent', { instanceId: id, name: 'go', input: { value: '"now"' } })).toMatchObject({ ok: true });
    const redelivered = await other.nextStep(id, 10_000);
    expect(redelivered.newEvents.map((e) => e.eventType)).toContain('eventRaised');
    const completed = (output: string) => ({ instanceId: id, actions: [{ id: 1, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_COMPLETED', result: { value: output } } }] });
    // The slow worker answers now, over its own connection: that step is no longer its own.
    expect(await slow.answer('CompleteOrchestratorTask', completed('"stale"'))).toMatchObject({ ok: false, code: 9 });
    expect(await h.host.store.getHistory(id)).toEqual([]);
    expect(await other.answer('CompleteOrchestratorTask', completed('"fresh"'))).toMatchObject({ ok: true });
    await waitUntil('it completed', async () => (await h.host.store.getInstance(id))?.status === 'COMPLETED');
    expect((await h.host.store.getInstance(id))?.output).toBe('"fresh"');
    expect(await raw.taskHub('CompleteOrchestratorTask', completed('"again"'))).toMatchObject({ ok: false, code: 9 });
  });
});

describe('Flowdeck stopped and killed mid-flight while the SDK app stays up', () => {
  // The JS SDK 3.18 worker gives up for good when its *first* GetWorkItems stream fails with an error (its
  // retry loop rethrows while `isFirstAttempt` is still true), so a Flowdeck killed under a freshly started app
  // leaves that app without a worker. A stream the server ends cleanly (Flowdeck stopping) is retried with
  // back-off, and from the second connection on the SDK also survives errors. This test restarts Flowdeck
  // twice under one app process: first stopped gracefully (SIGTERM), then killed (SIGKILL).
  // Twice the others' timeout: two cold starts of a Flowdeck process (10-20 s each with the other tests' processes
  // on two cores) and the SDK's reconnect back-off (~20 s after the second restart) took it to 55-61 s in a CI run.
  test.concurrent.for(DATABASES)('on %s: the app reconnects by itself after each restart and every chain completes once', { timeout: 2 * TIMEOUT_MS }, async (kind, context) => {
    const { cleanups, sdkClient, track } = resources(context);
    const database = await createTestDatabase(kind);
    cleanups.push(() => database.dispose());
    const store = createDatabaseStore(database.prisma, kind); // the test's own reader of the same database
    cleanups.push(() => store.close());
    const port = await freePort();
    const env = { FLOWDECK_LEASE_MS: '2000', FLOWDECK_SHUTDOWN_GRACE_MS: '500' };
    let flowdeck = track(await startFlowdeckProcess(database.url, port, env));
    const app = track(await startWorkerApp(port));
    const client = sdkClient(port);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => client.scheduleNewWorkflow('stepsWorkflow', CHAIN, `${kind}-restarted-${i}`)));
    for (const [signal, atLeast] of [['SIGTERM', 40], ['SIGKILL', 100]] as const) {
      await waitUntil(`${atLeast} activities completed`, async () => (await progress(store, ids)) >= atLeast, 30_000);
      await flowdeck.kill(signal);
      expect(await progress(store, ids), `progress when Flowdeck got ${signal}`).toBeLessThan(200);
      flowdeck = track(await startFlowdeckProcess(database.url, port, env));
    }
    await expectAllCompletedOnce(client, store, ids);
    expect(app.countLines(/Worker failed/)).toBe(0);
    expect(app.countLines(/Successfully connected/)).toBeGreaterThanOrEqual(3);
  });
});
