// The metrics module against a real SQLite store and a real WorkflowRuntime: the series an operator scrapes.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { WorkflowRuntime, type WorkflowActivityContext, type WorkflowContext } from '@/lib/engine';
import { executionStarted } from '@/lib/engine/history-builders';
import type { WorkflowStore } from '@/lib/engine/store';
import { createDatabaseStore } from '@/lib/store/database-store';
import { createMetricsTelemetry, type MetricsTelemetry } from '@/lib/observability/metrics';
import { startMetricsServer } from '@/lib/observability/metrics-server';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { parseExposition, valueOf, type Sample } from './metrics-text';

let db: TestDatabase;
let store: WorkflowStore;
let metrics: MetricsTelemetry;
let runtime: WorkflowRuntime;
let grpc: { connected: () => number; outstanding: () => number } | undefined;

beforeEach(async () => {
  db = await createTestDatabase('sqlite');
  store = createDatabaseStore(db.prisma, 'sqlite');
  grpc = undefined;
  metrics = createMetricsTelemetry({ store, pollIntervalMs: 60_000, grpc: () => grpc });
  runtime = new WorkflowRuntime({ store, telemetry: metrics, pollIntervalMs: 50, log: () => undefined });
  runtime.registerActivityWithName('addOne', (_ctx: WorkflowActivityContext, n: number) => n + 1);
  runtime.registerActivityWithName('boom', () => {
    throw new Error('boom');
  });
  runtime.registerWorkflowWithName('chain', function* (ctx: WorkflowContext, start: number): Generator<unknown, number, number> {
    let n = start;
    for (let i = 0; i < 3; i++) n = yield ctx.callActivity('addOne', n);
    return n;
  });
  runtime.registerWorkflowWithName('careful', function* (ctx: WorkflowContext): Generator<unknown, string, unknown> {
    try {
      yield ctx.callActivity('boom');
      return 'no';
    } catch {
      return 'caught';
    }
  });
  runtime.registerWorkflowWithName('sleeper', function* (ctx: WorkflowContext): Generator<unknown, void, unknown> {
    yield ctx.createTimer(30);
  });
  await runtime.start();
});

afterEach(async () => {
  await runtime.stop();
  await metrics.stop();
  await store.close();
  await db.dispose();
});

async function scrape(): Promise<Sample[]> {
  return parseExposition(await metrics.text());
}

describe('metrics on SQLite', () => {
  test('steps, activity executions, latencies and claim lag of workflows that ran, by name and outcome', async () => {
    const client = runtime.client();
    await Promise.all([client.scheduleNewWorkflow('chain', 1, 'chain-1'), client.scheduleNewWorkflow('chain', 10, 'chain-2'), client.scheduleNewWorkflow('careful', undefined, 'careful-1')]);
    for (const id of ['chain-1', 'chain-2', 'careful-1']) expect((await client.waitForWorkflowCompletion(id, true, 30))?.runtimeStatus).toBe('COMPLETED');

    const samples = await scrape();
    // Each chain: its start, then one step per activity result.
    expect(valueOf(samples, 'flowdeck_workflow_steps_total', { workflow: 'chain', outcome: 'completed' })).toBe(8);
    expect(valueOf(samples, 'flowdeck_workflow_steps_total', { workflow: 'careful', outcome: 'completed' })).toBe(2);
    expect(valueOf(samples, 'flowdeck_activity_executions_total', { activity: 'addOne', outcome: 'completed' })).toBe(6);
    expect(valueOf(samples, 'flowdeck_activity_executions_total', { activity: 'boom', outcome: 'failed' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_workflow_step_duration_seconds_count', { workflow: 'chain' })).toBe(8);
    expect(valueOf(samples, 'flowdeck_activity_duration_seconds_count', { activity: 'addOne' })).toBe(6);
    expect(valueOf(samples, 'flowdeck_activity_duration_seconds_bucket', { activity: 'addOne', le: '+Inf' })).toBe(6);
    expect(valueOf(samples, 'flowdeck_claim_lag_seconds_count', { kind: 'workflow' })).toBe(10);
    expect(valueOf(samples, 'flowdeck_claim_lag_seconds_count', { kind: 'activity' })).toBe(7);
    expect(valueOf(samples, 'flowdeck_claim_lag_seconds_sum', { kind: 'activity' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'flowdeck_workflow_steps_in_flight')).toBe(0);
    expect(valueOf(samples, 'flowdeck_activities_in_flight')).toBe(0);
    expect(valueOf(samples, 'flowdeck_lease_losses_total', { kind: 'workflow' })).toBe(0);
    expect(valueOf(samples, 'flowdeck_redeliveries_total', { kind: 'activity' })).toBe(0);

    // The System page's ring: the 10 steps and 7 attempts, as per-second rates of 10 s buckets.
    const points = metrics.samples.points();
    expect(points.reduce((sum, p) => sum + p.stepsPerSecond * 10, 0)).toBeCloseTo(10, 6);
    expect(points.reduce((sum, p) => sum + p.activitiesPerSecond * 10, 0)).toBeCloseTo(7, 6);
  });

  test('instances by workflow and status, backlog age and timers due, from the periodic read of the store', async () => {
    const client = runtime.client();
    await client.scheduleNewWorkflow('chain', 1, 'chain-1');
    await client.waitForWorkflowCompletion('chain-1', true, 30);
    await client.scheduleNewWorkflow('sleeper', undefined, 'sleeper-1');
    await expect.poll(async () => (await store.getInstance('sleeper-1'))?.status).toBe('RUNNING');
    // An instance of a workflow no worker here serves waits in the inbox: the backlog.
    const waitingSince = new Date(Date.now() - 5_000);
    await store.createInstance({
      instanceId: 'nobody-1',
      name: 'Unserved',
      executionId: 'e-1',
      createdAt: waitingSince,
      startMessage: { instanceId: 'nobody-1', executionId: 'e-1', visibleAt: waitingSince, event: executionStarted(waitingSince, { name: 'Unserved', instanceId: 'nobody-1', executionId: 'e-1' }) },
    });

    await metrics.refresh();
    const samples = await scrape();
    expect(valueOf(samples, 'flowdeck_instances', { workflow: 'chain', status: 'COMPLETED' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_instances', { workflow: 'sleeper', status: 'RUNNING' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_instances', { workflow: 'Unserved', status: 'PENDING' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_timers_due_next_minute')).toBe(1);
    expect(valueOf(samples, 'flowdeck_backlog_age_seconds', { queue: 'inbox' })).toBeGreaterThanOrEqual(5);
    expect(valueOf(samples, 'flowdeck_backlog_age_seconds', { queue: 'activity' })).toBe(0);
    expect(valueOf(samples, 'flowdeck_metrics_store_read_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);

    // Purged instances leave the gauge instead of staying at their last count.
    await client.purgeWorkflow('chain-1');
    await metrics.refresh();
    expect(valueOf(await scrape(), 'flowdeck_instances', { workflow: 'chain', status: 'COMPLETED' })).toBeUndefined();
  });

  test('lease losses, redeliveries, takeovers, database faults by kind, HTTP timings, gRPC figures and process metrics', async () => {
    metrics.workflowStep({ instanceId: 'a', workflowName: 'chain', messages: 1 }).end('lease-lost', new Error('moved'));
    metrics.activityAttempt({ instanceId: 'a', activityName: 'addOne', taskId: 0, attempt: 1 }).end('lease-lost');
    const readOnly = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    metrics.workflowStep({ instanceId: 'b', workflowName: 'chain', messages: 1 }).end('abandoned', readOnly);
    metrics.claimFailed('workflow', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    metrics.claimFailed('activity', new TypeError('not a database fault'));
    metrics.databaseError('api', readOnly);
    metrics.workersTakenOver(['w-dead-1', 'w-dead-2']);
    metrics.observeHttp('/api/instances/[id]', 'GET', 200, 0.004);
    metrics.observeHttp('/api/instances/[id]', 'GET', 200, 0.02);
    metrics.observeHttp('/api/instances/[id]', 'GET', 404, 0.001);
    grpc = { connected: () => 2, outstanding: () => 5 };

    const samples = await scrape();
    expect(valueOf(samples, 'flowdeck_lease_losses_total', { kind: 'workflow' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_lease_losses_total', { kind: 'activity' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_workflow_steps_total', { workflow: 'chain', outcome: 'lease-lost' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_redeliveries_total', { kind: 'workflow' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_worker_takeovers_total')).toBe(2);
    expect(valueOf(samples, 'flowdeck_database_errors_total', { kind: 'read-only', source: 'step' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_database_errors_total', { kind: 'read-only', source: 'api' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_database_errors_total', { kind: 'unreachable', source: 'claim' })).toBe(1);
    expect(samples.filter((s) => s.name === 'flowdeck_database_errors_total')).toHaveLength(3);
    expect(valueOf(samples, 'flowdeck_http_request_duration_seconds_count', { route: '/api/instances/[id]', method: 'GET', status: '200' })).toBe(2);
    expect(valueOf(samples, 'flowdeck_http_request_duration_seconds_bucket', { route: '/api/instances/[id]', method: 'GET', status: '200', le: '0.005' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_http_request_duration_seconds_count', { route: '/api/instances/[id]', method: 'GET', status: '404' })).toBe(1);
    expect(valueOf(samples, 'flowdeck_grpc_streams_connected')).toBe(2);
    expect(valueOf(samples, 'flowdeck_grpc_outstanding_work_items')).toBe(5);
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  test("a standalone process's /metrics port: the series, behind the API token", async () => {
    vi.stubEnv('WORKFLOW_API_TOKEN', 'secret-token');
    const server = await startMetricsServer(metrics, { port: 0, host: '127.0.0.1', isPublic: false });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      const refused = await fetch(`${url}/metrics`);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ errorCode: 'ERR_UNAUTHORIZED' });
      const wrong = await fetch(`${url}/metrics`, { headers: { 'dapr-api-token': 'nope' } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer secret-token' } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('text/plain');
      expect(valueOf(parseExposition(await ok.text()), 'flowdeck_workflow_steps_in_flight')).toBe(0);
      expect((await fetch(`${url}/other`, { headers: { 'dapr-api-token': 'secret-token' } })).status).toBe(404);
      expect((await fetch(`${url}/metrics`, { method: 'POST', headers: { 'dapr-api-token': 'secret-token' } })).status).toBe(405);
    } finally {
      await server.close();
      vi.unstubAllEnvs();
    }
    const open = await startMetricsServer(metrics, { port: 0, host: '127.0.0.1', isPublic: true });
    try {
      expect((await fetch(`http://127.0.0.1:${open.port}/metrics`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
