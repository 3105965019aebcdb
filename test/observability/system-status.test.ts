// GET /api/system's body (readSystemStatus) on a real SQLite store with a running runtime and its metrics.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowContext } from '@/lib/engine';
import type { WorkflowStore } from '@/lib/engine/store';
import { readSystemStatus, type SystemSources } from '@/lib/api/system-status';
import { createMetricsTelemetry, type MetricsTelemetry } from '@/lib/observability/metrics';
import { createDatabaseStore } from '@/lib/store/database-store';
import { createTestDatabase, type TestDatabase } from '../support/databases';

let db: TestDatabase;
let store: WorkflowStore;
let metrics: MetricsTelemetry;
let runtime: WorkflowRuntime;
let sources: SystemSources;

beforeEach(async () => {
  db = await createTestDatabase('sqlite');
  store = createDatabaseStore(db.prisma, 'sqlite');
  metrics = createMetricsTelemetry({ store, pollIntervalMs: 60_000, processMetrics: false });
  runtime = new WorkflowRuntime({ store, telemetry: metrics, pollIntervalMs: 50, heartbeatIntervalMs: 100, workerVersion: '9.9.9', log: () => undefined });
  runtime.registerActivityWithName('echo', (_ctx: unknown, x: number) => x);
  runtime.registerWorkflowWithName('pair', function* (ctx: WorkflowContext): Generator<unknown, void, unknown> {
    yield ctx.whenAll([ctx.callActivity('echo', 1), ctx.callActivity('echo', 2)]);
    yield ctx.createTimer(30);
  });
  await runtime.start();
  sources = {
    store,
    dialect: 'sqlite',
    workerId: runtime.options.workerId,
    workerGraceMs: runtime.heartbeatOptions.workerGraceMs,
    pingDatabase: async () => {
      await db.prisma.$queryRawUnsafe('SELECT 1');
    },
    metrics,
    remoteWorkers: () => [{ id: 1, peer: 'ipv4:127.0.0.1:5000', connectedAt: new Date('2026-12-02T07:00:00Z'), outstanding: 2 }],
  };
});

afterEach(async () => {
  await runtime.stop();
  await store.close();
  await db.dispose();
});

test('this process among the workers with its in-flight work, the throughput ring, backlog, timers due and a healthy database', async () => {
  const client = runtime.client();
  await client.scheduleNewWorkflow('pair', undefined, 'pair-1');
  await expect.poll(async () => (await store.getInstance('pair-1'))?.waitingOn?.timers.length ?? 0).toBe(1);
  // The runtime's beats record its version and its work in flight.
  await expect.poll(async () => (await store.listHeartbeats())[0]).toMatchObject({ version: '9.9.9', inFlight: { steps: 0, activities: 0 } });
  // Another process's beat, as it recorded it.
  await store.recordHeartbeat({ workerId: 'other-1', host: 'elsewhere', pid: 99, startedAt: new Date(), lastSeenAt: new Date(), version: '0.0.9', inFlight: { steps: 1, activities: 3 } });

  const status = await readSystemStatus(sources);
  expect(status.database).toEqual({ kind: 'sqlite', status: 'ok' });
  expect(status.process).toMatchObject({ workerId: runtime.options.workerId, pid: process.pid, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  expect(status.workers).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ workerId: runtime.options.workerId, pid: process.pid, live: true, self: true, inFlight: { steps: 0, activities: 0 }, version: '9.9.9' }),
      expect.objectContaining({ workerId: 'other-1', host: 'elsewhere', pid: 99, live: true, self: false, inFlight: { steps: 1, activities: 3 }, version: '0.0.9' }),
    ]),
  );
  expect(status.workers).toHaveLength(2);
  expect(status.remoteWorkers).toEqual([{ id: 1, peer: 'ipv4:127.0.0.1:5000', connectedAt: '2026-12-02T07:00:00.000Z', outstanding: 2 }]);
  expect(status.backlog).toEqual({ inboxAgeSeconds: 0, activityAgeSeconds: 0, timersDueNextMinute: 1 });
  expect(status.throughput!.points).toHaveLength(90);
  const ended = status.throughput!.points.reduce((n, p) => ({ steps: n.steps + p.stepsPerSecond * 10, activities: n.activities + p.activitiesPerSecond * 10 }), { steps: 0, activities: 0 });
  expect(Math.round(ended.activities)).toBe(2);
  expect(Math.round(ended.steps)).toBeGreaterThanOrEqual(2);
  expect(status.retention).toEqual({ configured: false });
  expect(status.metrics).toEqual({ enabled: true, path: '/metrics' });
});

test('a database that does not answer is reported in the body, without backlog or workers; no metrics: no throughput', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const status = await readSystemStatus({ ...sources, metrics: undefined, pingDatabase: () => Promise.reject(refused) });
  expect(status.database).toEqual({ kind: 'sqlite', status: 'unavailable', reason: 'database is unreachable' });
  expect(status.backlog).toBeNull();
  expect(status.workers).toEqual([]);
  expect(status.throughput).toBeNull();
  expect(status.metrics.enabled).toBe(false);
});
