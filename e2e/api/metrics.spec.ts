// GET /metrics over HTTP: behind the API token when one is set, and every series with sensible values after the demos ran.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { parseExposition, valueOf, type Sample } from '../../test/observability/metrics-text';
import { daprPath, projectMeta, startDapr, uniquePrefix, waitFor } from './support/http';

async function scrape(request: APIRequestContext): Promise<Sample[]> {
  const response = await request.get('/metrics');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/plain');
  return parseExposition(await response.text());
}

const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((total, s) => total + s.value, 0);

test('without the token /metrics is 401 like every API route; with it (or a public server) it answers the text format', async ({ request, playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL, extraHTTPHeaders: {} });
  const token = projectMeta().token;
  const response = await anon.get('/metrics');
  if (token) {
    expect(response.status()).toBe(401);
    expect((await response.json()).errorCode).toBe('ERR_UNAUTHORIZED');
    expect((await anon.get('/metrics', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
  } else {
    expect(response.status()).toBe(200);
  }
  expect((await request.post('/metrics')).status()).toBe(405);
  await anon.dispose();
});

test('after the demos run, /metrics shows every series with sensible values', async ({ request }) => {
  const P = uniquePrefix('metrics');
  const hello = await startDapr(request, 'HelloSequenceWorkflow', `${P}-hello`);
  const chain = await startDapr(request, 'TaskChainWorkflow', `${P}-chain`, 5);
  const batch = await startDapr(request, 'BatchProcessingWorkflow', `${P}-batch`, { batchSize: 6, maxConcurrency: 2 });
  const flaky = await startDapr(request, 'FlakyWorkflow', `${P}-flaky`, { failures: 1, retryIntervalSeconds: 0.2 });
  const timer = await startDapr(request, 'ReminderWorkflow', `${P}-timer`, { seconds: 45 });
  for (const id of [hello, chain, batch, flaky]) await waitFor(request, id, ['COMPLETED']);
  await request.get(daprPath(hello));

  // The store-wide gauges come from a periodic read: wait for one after the instances finished.
  await expect
    .poll(async () => valueOf(await scrape(request), 'flowdeck_instances', { workflow: 'HelloSequenceWorkflow', status: 'COMPLETED' }) ?? 0, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  await expect.poll(async () => valueOf(await scrape(request), 'flowdeck_timers_due_next_minute') ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const samples = await scrape(request);

  expect(sum(samples, 'flowdeck_workflow_steps_total', { workflow: 'HelloSequenceWorkflow', outcome: 'completed' })).toBeGreaterThanOrEqual(4);
  expect(sum(samples, 'flowdeck_activity_executions_total', { outcome: 'completed' })).toBeGreaterThanOrEqual(3 + 3 + 6 + 1);
  expect(sum(samples, 'flowdeck_activity_executions_total', { activity: 'flaky_call', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
  expect(sum(samples, 'flowdeck_workflow_step_duration_seconds_count')).toBeGreaterThanOrEqual(4);
  expect(sum(samples, 'flowdeck_activity_duration_seconds_count')).toBeGreaterThanOrEqual(13);
  expect(valueOf(samples, 'flowdeck_claim_lag_seconds_count', { kind: 'workflow' })).toBeGreaterThanOrEqual(4);
  expect(valueOf(samples, 'flowdeck_claim_lag_seconds_count', { kind: 'activity' })).toBeGreaterThanOrEqual(13);
  expect(valueOf(samples, 'flowdeck_instances', { workflow: 'ReminderWorkflow', status: 'RUNNING' })).toBeGreaterThanOrEqual(1);
  for (const queue of ['inbox', 'activity']) expect(valueOf(samples, 'flowdeck_backlog_age_seconds', { queue })).toBeGreaterThanOrEqual(0);
  for (const kind of ['workflow', 'activity']) {
    expect(valueOf(samples, 'flowdeck_lease_losses_total', { kind })).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'flowdeck_redeliveries_total', { kind })).toBeGreaterThanOrEqual(0);
  }
  expect(valueOf(samples, 'flowdeck_worker_takeovers_total')).toBeGreaterThanOrEqual(0);
  expect(valueOf(samples, 'flowdeck_workflow_steps_in_flight')).toBeGreaterThanOrEqual(0);
  expect(valueOf(samples, 'flowdeck_grpc_streams_connected')).toBe(0); // these servers run with FLOWDECK_GRPC_PORT=off
  expect(valueOf(samples, 'flowdeck_grpc_outstanding_work_items')).toBe(0);
  expect(samples.some((s) => s.name === 'process_resident_memory_bytes' && s.value > 0)).toBe(true);

  // HTTP by route pattern: the starts under one series, no instance ID in any route label.
  const starts = samples.filter((s) => s.name === 'flowdeck_http_request_duration_seconds_count' && s.labels.route === '/v1.0/workflows/[component]/[workflowName]/start');
  expect(starts.find((s) => s.labels.method === 'POST' && s.labels.status === '202')?.value).toBeGreaterThanOrEqual(5);
  expect(valueOf(samples, 'flowdeck_http_request_duration_seconds_count', { route: '/api/instances/[id]', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
  const routes = new Set(samples.filter((s) => s.name.startsWith('flowdeck_http_request_duration_seconds')).map((s) => s.labels.route));
  for (const route of routes) expect(route).not.toContain(P);

  await request.post(daprPath(`${timer}/terminate`));
});
