// The API's handlers over a real engine on the in-memory store (the HTTP suite in e2e/api repeats this on SQLite and PostgreSQL).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { handleDaprRequest } from '@/lib/api/dapr-api';
import type { BulkResponse } from '@/lib/api/dto';
import { runBulk } from '@/lib/api/bulk';
import { listApprovals } from '@/lib/api/workflows';
import { startMemoryApi, until, type MemoryApi } from './memory-context';

let api: MemoryApi;
beforeEach(async () => {
  api = await startMemoryApi();
});
afterEach(async () => {
  await api.stop();
});

const dapr = (method: string, path: string, body?: string) => {
  const url = `http://localhost/v1.0/${path}`;
  const segments = new URL(url).pathname.split('/').slice(2).map(decodeURIComponent);
  return handleDaprRequest(new Request(url, { method, body }), 'v1.0', segments, async () => api.ctx);
};
const statusOf = async (id: string) => (await api.ctx.store.getInstance(id))?.status;

describe('Dapr API handlers', () => {
  test("the seed's walkthrough: start OrderProcessingWorkflow as 12345678, poll until COMPLETED, read the output", async () => {
    const start = await dapr('POST', 'workflows/dapr/OrderProcessingWorkflow/start?instanceID=12345678', '{"Name":"Paperclips","Quantity":1,"TotalCost":9.95}');
    expect(start.status).toBe(202);
    expect(await start.json()).toEqual({ instanceID: '12345678' });
    expect(start.headers.get('location')).toBe('/v1.0/workflows/dapr/12345678');
    await until(async () => (await statusOf('12345678')) === 'COMPLETED', 'completion');
    const state = await (await dapr('GET', 'workflows/dapr/12345678')).json();
    expect(state).toMatchObject({ instanceID: '12345678', workflowName: 'OrderProcessingWorkflow', runtimeStatus: 'COMPLETED' });
    expect(state.properties['dapr.workflow.input']).toBe('{"Name":"Paperclips","Quantity":1,"TotalCost":9.95}');
    expect(JSON.parse(state.properties['dapr.workflow.output'])).toEqual({ Processed: true });
  });

  test('start without an instanceID generates a UUID; an unknown workflow is 400 and creates nothing', async () => {
    const start = await dapr('POST', 'workflows/dapr/WaitForGo/start');
    expect((await start.json()).instanceID).toMatch(/^[0-9a-f-]{36}$/);
    const unknown = await dapr('POST', 'workflows/dapr/NoSuchWorkflow/start?instanceID=ghost');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).message).toContain('NoSuchWorkflow');
    expect(await statusOf('ghost')).toBeUndefined();
  });

  test('pause, resume, raise event, then terminate and purge; conflicts are 409 naming the status', async () => {
    await dapr('POST', 'workflows/dapr/WaitForGo/start?instanceID=w1');
    await until(async () => (await statusOf('w1')) === 'RUNNING', 'running');
    expect((await dapr('POST', 'workflows/dapr/w1/resume')).status).toBe(409);
    expect((await dapr('POST', 'workflows/dapr/w1/pause')).status).toBe(202);
    await until(async () => (await statusOf('w1')) === 'SUSPENDED', 'suspended');
    const again = await dapr('POST', 'workflows/dapr/w1/pause');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ errorCode: 'ERR_PAUSE_WORKFLOW', message: expect.stringContaining('SUSPENDED') });
    expect((await dapr('POST', 'workflows/dapr/w1/resume')).status).toBe(202);
    const purgeLive = await dapr('POST', 'workflows/dapr/w1/purge');
    expect(purgeLive.status).toBe(409);
    expect((await purgeLive.json()).errorCode).toBe('ERR_PURGE_WORKFLOW');
    expect((await dapr('POST', 'workflows/dapr/w1/raiseEvent/go', '{"ok":true}')).status).toBe(202);
    await until(async () => (await statusOf('w1')) === 'COMPLETED', 'completed');
    expect((await dapr('POST', 'workflows/dapr/w1/terminate')).status).toBe(409);
    expect((await dapr('POST', 'workflows/dapr/w1/purge')).status).toBe(202);
    expect((await dapr('GET', 'workflows/dapr/w1')).status).toBe(404);
  });

  test('a live duplicate ID is 409 and leaves the live instance as it was', async () => {
    await dapr('POST', 'workflows/dapr/WaitForGo/start?instanceID=dup', '{"first":true}');
    await until(async () => (await statusOf('dup')) === 'RUNNING', 'running');
    const before = await api.ctx.store.getInstance('dup');
    const second = await dapr('POST', 'workflows/dapr/WaitForGo/start?instanceID=dup', '{"second":true}');
    expect(second.status).toBe(409);
    expect(await api.ctx.store.getInstance('dup')).toEqual(before);
  });
});

describe('dashboard API functions', () => {
  test('bulk terminate counts the live children that go with the parents; dry run changes nothing', async () => {
    await api.ctx.client.scheduleNewWorkflow('Parent', undefined, 'p1');
    await until(async () => (await statusOf('p1-c2')) === 'RUNNING', 'children running');
    const dry: BulkResponse = await runBulk(api.ctx, { action: 'terminate', instanceIds: ['p1', 'missing'], dryRun: true });
    expect(dry).toEqual({
      results: [{ instanceId: 'p1', ok: true }, { instanceId: 'missing', ok: false, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND', message: expect.any(String) }],
      affectedDescendants: 2,
    });
    expect(await statusOf('p1')).toBe('RUNNING');
    const real = await runBulk(api.ctx, { action: 'terminate', instanceIds: ['p1'] });
    expect(real.results).toEqual([{ instanceId: 'p1', ok: true }]);
    await until(async () => (await statusOf('p1-c1')) === 'TERMINATED' && (await statusOf('p1')) === 'TERMINATED', 'terminated');
    const purge = await runBulk(api.ctx, { action: 'purge', instanceIds: ['p1'] });
    expect(purge).toEqual({ results: [{ instanceId: 'p1', ok: true }], affectedDescendants: 2 });
    expect(await statusOf('p1-c1')).toBeUndefined();
  });

  test('approvals list each awaited event with the workflow declaration', async () => {
    await api.ctx.client.scheduleNewWorkflow('WaitForGo', { order: 1 }, 'a1');
    await until(async () => (await api.ctx.store.getInstance('a1'))?.waitingOn?.events.length === 1, 'waiting');
    const items = await listApprovals(api.ctx);
    expect(items).toEqual([
      expect.objectContaining({ instanceId: 'a1', workflowName: 'WaitForGo', eventName: 'go', inputSummary: '{"order":1}', event: expect.objectContaining({ name: 'go' }) }),
    ]);
  });
});
