// Dapr's workflow management API over real HTTP against `next start` (SQLite and PostgreSQL projects).
import { expect, test } from '@playwright/test';
import { daprPath, startDapr, statusOf, uniquePrefix, waitFor } from './support/http';

test("the README's walkthrough: start OrderProcessingWorkflow as 12345678, poll until COMPLETED, read the output", async ({ request }) => {
  const start = await request.post('/v1.0/workflows/dapr/OrderProcessingWorkflow/start?instanceID=12345678', {
    data: '{"Name":"Paperclips","Quantity":1,"TotalCost":9.95}',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, // what `curl -d` sends
  });
  expect(start.status()).toBe(202);
  expect(await start.json()).toEqual({ instanceID: '12345678' });
  expect(start.headers().location).toBe('/v1.0/workflows/dapr/12345678');

  let state: Record<string, unknown> & { properties: Record<string, string> } = { properties: {} };
  await expect
    .poll(async () => {
      state = await (await request.get('/v1.0/workflows/dapr/12345678')).json();
      return state.runtimeStatus;
    }, { timeout: 20_000 })
    .toBe('COMPLETED');
  expect(state).toEqual({
    instanceID: '12345678',
    workflowName: 'OrderProcessingWorkflow',
    createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/),
    lastUpdatedAt: expect.stringMatching(/Z$/),
    runtimeStatus: 'COMPLETED',
    properties: {
      'dapr.workflow.custom_status': expect.any(String),
      'dapr.workflow.input': '{"Name":"Paperclips","Quantity":1,"TotalCost":9.95}',
      'dapr.workflow.output': '{"Processed":true}',
    },
  });
});

test('start without instanceID generates a UUID; the Location header leads to its status', async ({ request }) => {
  const start = await request.post('/v1.0/workflows/dapr/HelloSequenceWorkflow/start');
  expect(start.status()).toBe(202);
  const { instanceID } = await start.json();
  expect(instanceID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const status = await request.get(start.headers().location);
  expect(status.status()).toBe(200);
  expect((await status.json()).instanceID).toBe(instanceID);
  const done = await waitFor(request, instanceID, ['COMPLETED']);
  expect(done.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
});

test('a 64-byte instance ID is accepted (the limit is inclusive)', async ({ request }) => {
  const id = uniquePrefix('max').padEnd(64, 'x');
  expect(await startDapr(request, 'HelloSequenceWorkflow', id)).toBe(id);
});

test('all three version prefixes serve the same API', async ({ request }) => {
  const id = uniquePrefix('ver');
  const start = await request.post(`/v1.0-beta1/workflows/dapr/HelloSequenceWorkflow/start?instanceID=${id}`);
  expect(start.status()).toBe(202);
  expect(start.headers().location).toBe(`/v1.0-beta1/workflows/dapr/${id}`);
  for (const version of ['v1.0', 'v1.0-beta1', 'v1.0-alpha1']) {
    const response = await request.get(`/${version}/workflows/dapr/${id}`);
    expect(response.status()).toBe(200);
    expect((await response.json()).instanceID).toBe(id);
  }
});

test('a failed instance reports error type, message and stack trace, and no output', async ({ request }) => {
  const id = await startDapr(request, 'OrderProcessingWorkflow', uniquePrefix('fail'), { Quantity: 1 });
  await waitFor(request, id, ['FAILED']);
  const state = await (await request.get(daprPath(id))).json();
  expect(state.runtimeStatus).toBe('FAILED');
  expect(state.properties).toEqual({
    'dapr.workflow.custom_status': expect.any(String),
    'dapr.workflow.input': '{"Quantity":1}',
    'dapr.workflow.failure.error_type': 'TypeError',
    'dapr.workflow.failure.error_message': expect.stringContaining('Name'),
    'dapr.workflow.failure.stack_trace': expect.any(String),
  });
});

test('pause, resume, then raiseEvent with a JSON payload completes an approval', async ({ request }) => {
  const id = await startDapr(request, 'PurchaseOrderWorkflow', uniquePrefix('po'), { cost: 2500, product: 'Desk', quantity: 1, timeoutSeconds: 600 });
  await waitFor(request, id, ['RUNNING'], (d) => d.waitingOn.events.length === 1);
  expect((await request.post(daprPath(`${id}/pause`))).status()).toBe(202);
  await waitFor(request, id, ['SUSPENDED']);
  expect((await request.post(daprPath(`${id}/resume`))).status()).toBe(202);
  await waitFor(request, id, ['RUNNING']);
  const raised = await request.post(daprPath(`${id}/raiseEvent/approval_received`), { data: '{"approver":"Ada"}' });
  expect(raised.status()).toBe(202);
  expect(await raised.text()).toBe('');
  const done = await waitFor(request, id, ['COMPLETED']);
  expect(done.output).toBe("Approved by 'Ada'");
});

test('terminate is recursive: the children of a terminated parent are terminated too; purge removes the family', async ({ request }) => {
  const id = await startDapr(request, 'ParentWorkflow', uniquePrefix('fam'), { children: 2, childSeconds: 600 });
  const running = await waitFor(request, id, ['RUNNING'], (d) => d.children.length === 2 && d.children.every((c) => c.runtimeStatus === 'RUNNING'));
  expect((await request.post(daprPath(`${id}/terminate`))).status()).toBe(202);
  await waitFor(request, id, ['TERMINATED']);
  for (const child of running.children) await waitFor(request, child.instanceId, ['TERMINATED']);
  expect((await request.post(daprPath(`${id}/purge`))).status()).toBe(202);
  expect(await statusOf(request, id)).toBeUndefined();
  for (const child of running.children) expect(await statusOf(request, child.instanceId)).toBeUndefined();
});

test('a terminal instance ID can be reused by a new start', async ({ request }) => {
  const id = await startDapr(request, 'HelloSequenceWorkflow', uniquePrefix('reuse'));
  await waitFor(request, id, ['COMPLETED']);
  await startDapr(request, 'OrderProcessingWorkflow', id, { Name: 'Paperclips', Quantity: 1, TotalCost: 9.95 });
  const done = await waitFor(request, id, ['COMPLETED'], (d) => d.workflowName === 'OrderProcessingWorkflow');
  expect(done.output).toEqual({ Processed: true });
});
