// The dashboard's JSON API over real HTTP: lists, detail, history pages, actions, bulk, workflows, approvals, inventory, health.
import { expect, test } from '@playwright/test';
import type { WaitingEventListResponse, BulkResponse, HistoryPage, InstanceDetail, InstanceListResponse, InventoryResponse, WorkflowListResponse } from '@/lib/api/dto';
import { projectMeta, startDapr, statusOf, uniquePrefix, waitFor } from './support/http';

test('GET /api/instances filters by prefix, status, name and time, sorts both ways, pages by cursor and counts by status', async ({ request }) => {
  const P = uniquePrefix('list');
  const t0 = new Date(Date.now() - 1000).toISOString();
  for (let i = 0; i < 5; i++) await startDapr(request, 'HelloSequenceWorkflow', `${P}-${i}`);
  await startDapr(request, 'PurchaseOrderWorkflow', `${P}-po`, { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 });
  for (let i = 0; i < 5; i++) await waitFor(request, `${P}-${i}`, ['COMPLETED']);
  await waitFor(request, `${P}-po`, ['RUNNING']);

  const all: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&limit=200`)).json();
  expect(all.items.map((i) => i.instanceId)).toEqual([`${P}-po`, ...[4, 3, 2, 1, 0].map((i) => `${P}-${i}`)]);
  expect(all.counts).toMatchObject({ COMPLETED: 5, RUNNING: 1, FAILED: 0, PENDING: 0, SUSPENDED: 0, TERMINATED: 0 });
  expect(all.nextCursor).toBeUndefined();
  expect(all.items[1]).toEqual({
    instanceId: `${P}-4`,
    workflowName: 'HelloSequenceWorkflow',
    runtimeStatus: 'COMPLETED',
    createdAt: expect.any(String),
    lastUpdatedAt: expect.any(String),
    completedAt: expect.any(String),
    durationMs: expect.any(Number),
  });

  const asc: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&order=asc`)).json();
  expect(asc.items.map((i) => i.instanceId)).toEqual([...all.items.map((i) => i.instanceId)].reverse());

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.counts).toEqual(all.counts);
    seen.push(...page.items.map((i) => i.instanceId));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen).toEqual(all.items.map((i) => i.instanceId));

  const running: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&status=RUNNING`)).json();
  expect(running.items.map((i) => i.instanceId)).toEqual([`${P}-po`]);
  expect(running.counts).toEqual(all.counts); // counts ignore the status filter
  const multi: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&status=RUNNING,COMPLETED&status=FAILED`)).json();
  expect(multi.items).toHaveLength(6);
  const byName: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&name=PurchaseOrderWorkflow`)).json();
  expect(byName.items.map((i) => i.instanceId)).toEqual([`${P}-po`]);
  expect(byName.counts).toMatchObject({ RUNNING: 1, COMPLETED: 0 });
  const future: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&createdFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json();
  expect(future.items).toEqual([]);
  const window: InstanceListResponse = await (await request.get(`/api/instances?idPrefix=${P}&createdFrom=${encodeURIComponent(t0)}&createdTo=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`)).json();
  expect(window.items).toHaveLength(6);
});

test('GET /api/instances/{id}: payloads, waitingOn, parent and children, activity logs; history in pages', async ({ request }) => {
  const id = await startDapr(request, 'ParentWorkflow', uniquePrefix('detail'), { children: 2, childSeconds: 600 });
  const detail = await waitFor(request, id, ['RUNNING'], (d) => d.children.length === 2 && d.waitingOn.children.length === 2);
  expect(detail).toMatchObject({ instanceId: id, workflowName: 'ParentWorkflow', input: { children: 2, childSeconds: 600 }, childrenTruncated: false });
  expect(detail.output).toBeUndefined();
  expect(detail.children.map((c) => c.workflowName)).toEqual(['ChildWorkflow', 'ChildWorkflow']);
  const child = await waitFor(request, detail.children[0].instanceId, ['RUNNING'], (d) => d.waitingOn.timers.length === 1);
  expect(child.parent).toMatchObject({ instanceId: id, workflowName: 'ParentWorkflow' });
  expect(child.parentInstanceId).toBe(id);

  const history: HistoryPage = await (await request.get(`/api/instances/${id}/history`)).json();
  expect(history.events[0]).toMatchObject({ sequence: 0 });
  expect(history.events.map((e) => e.kind)).toContain('ExecutionStarted');
  expect(history.events).toHaveLength(detail.historyLength);
  const pages: HistoryPage['events'] = [];
  let from: number | undefined = 0;
  while (from !== undefined) {
    const page: HistoryPage = await (await request.get(`/api/instances/${id}/history?from=${from}&limit=2`)).json();
    pages.push(...page.events);
    from = page.nextSequence;
  }
  expect(pages).toEqual(history.events);

  const logged = await startDapr(request, 'HelloSequenceWorkflow', uniquePrefix('logs'));
  const done = await waitFor(request, logged, ['COMPLETED']);
  expect(done.activityLogs.map((l) => l.message)).toEqual(['Saying hello to Tokyo', 'Saying hello to Seattle', 'Saying hello to London']);
  expect(done.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
});

test('POST /api/instances/{id}/{pause|resume|raise-event|terminate|purge} with JSON bodies', async ({ request }) => {
  const id = await startDapr(request, 'PurchaseOrderWorkflow', uniquePrefix('act'), { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 });
  await waitFor(request, id, ['RUNNING'], (d) => d.waitingOn.events.length === 1);
  const pause = await request.post(`/api/instances/${id}/pause`, { data: { reason: 'lunch' } });
  expect([pause.status(), await pause.json()]).toEqual([202, { instanceId: id }]);
  await waitFor(request, id, ['SUSPENDED']);
  expect((await request.post(`/api/instances/${id}/resume`, { data: {} })).status()).toBe(202);
  await waitFor(request, id, ['RUNNING']);
  expect((await request.post(`/api/instances/${id}/raise-event`, { data: { eventName: 'approval_received', payload: { approver: 'Grace' } } })).status()).toBe(202);
  expect((await waitFor(request, id, ['COMPLETED'])).output).toBe("Approved by 'Grace'");
  expect((await request.post(`/api/instances/${id}/purge`)).status()).toBe(202);
  expect(await statusOf(request, id)).toBeUndefined();

  const other = await startDapr(request, 'PurchaseOrderWorkflow', uniquePrefix('term'), { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 });
  await waitFor(request, other, ['RUNNING']);
  expect((await request.post(`/api/instances/${other}/terminate`, { data: { output: { why: 'test' } } })).status()).toBe(202);
  expect((await waitFor(request, other, ['TERMINATED'])).output).toEqual({ why: 'test' });
});

test('POST /api/instances/bulk: per-ID outcome, dry run changes nothing, terminate counts the live children', async ({ request }) => {
  const P = uniquePrefix('bulk');
  await startDapr(request, 'ParentWorkflow', `${P}-p`, { children: 3, childSeconds: 600 });
  await startDapr(request, 'HelloSequenceWorkflow', `${P}-done`);
  await waitFor(request, `${P}-p`, ['RUNNING'], (d) => d.children.length === 3 && d.children.every((c) => c.runtimeStatus === 'RUNNING'));
  await waitFor(request, `${P}-done`, ['COMPLETED']);
  const ids = [`${P}-p`, `${P}-done`, `${P}-missing`];

  const dry: BulkResponse = await (await request.post('/api/instances/bulk', { data: { action: 'terminate', instanceIds: ids, dryRun: true } })).json();
  expect(dry).toEqual({
    results: [
      { instanceId: `${P}-p`, ok: true },
      { instanceId: `${P}-done`, ok: false, errorCode: 'ERR_TERMINATE_WORKFLOW', message: expect.stringContaining('COMPLETED') },
      { instanceId: `${P}-missing`, ok: false, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND', message: expect.any(String) },
    ],
    affectedDescendants: 3,
  });
  expect(await statusOf(request, `${P}-p`)).toBe('RUNNING');

  const pause: BulkResponse = await (await request.post('/api/instances/bulk', { data: { action: 'pause', instanceIds: ids } })).json();
  expect(pause.results.map((r) => [r.ok, r.errorCode])).toEqual([[true, undefined], [false, 'ERR_PAUSE_WORKFLOW'], [false, 'ERR_INSTANCE_ID_NOT_FOUND']]);
  await waitFor(request, `${P}-p`, ['SUSPENDED']);
  const resume: BulkResponse = await (await request.post('/api/instances/bulk', { data: { action: 'resume', instanceIds: [`${P}-p`] } })).json();
  expect(resume.results).toEqual([{ instanceId: `${P}-p`, ok: true }]);
  await waitFor(request, `${P}-p`, ['RUNNING']);

  const terminate: BulkResponse = await (await request.post('/api/instances/bulk', { data: { action: 'terminate', instanceIds: ids } })).json();
  expect(terminate.affectedDescendants).toBe(3);
  expect(terminate.results.map((r) => r.ok)).toEqual([true, false, false]);
  const parent = await waitFor(request, `${P}-p`, ['TERMINATED']);
  for (const child of parent.children) await waitFor(request, child.instanceId, ['TERMINATED']);

  const purge: BulkResponse = await (await request.post('/api/instances/bulk', { data: { action: 'purge', instanceIds: ids.slice(0, 2) } })).json();
  expect(purge).toEqual({ results: [{ instanceId: `${P}-p`, ok: true }, { instanceId: `${P}-done`, ok: true }], affectedDescendants: 3 });
  for (const id of [...ids.slice(0, 2), ...parent.children.map((c) => c.instanceId)]) expect(await statusOf(request, id)).toBeUndefined();
});

test('GET /api/workflows lists the registered workflows with description, example input and events', async ({ request }) => {
  const body: WorkflowListResponse = await (await request.get('/api/workflows')).json();
  const names = body.items.map((w) => w.name);
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  expect(names).toEqual(expect.arrayContaining(['OrderProcessingWorkflow', 'PurchaseOrderWorkflow', 'ParentWorkflow', 'HelloSequenceWorkflow']));
  const po = body.items.find((w) => w.name === 'PurchaseOrderWorkflow')!;
  expect(po.description).toEqual(expect.any(String));
  expect(po.exampleInput).toMatchObject({ cost: expect.any(Number) });
  expect(po.events).toEqual([expect.objectContaining({ name: 'approval_received', approvePayload: expect.anything() })]);
});

test('POST /api/workflows/{name}/start: 202 with Location, given or generated ID, optional startAt', async ({ request }) => {
  const id = uniquePrefix('start');
  const start = await request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: id, input: null } });
  expect(start.status()).toBe(202);
  expect(await start.json()).toEqual({ instanceId: id });
  expect(start.headers().location).toBe(`/api/instances/${id}`);
  await waitFor(request, id, ['COMPLETED']);

  const generated = await request.post('/api/workflows/HelloSequenceWorkflow/start');
  expect((await generated.json()).instanceId).toMatch(/^[0-9a-f-]{36}$/);

  const later = uniquePrefix('later');
  const startAt = new Date(Date.now() + 600_000).toISOString();
  expect((await request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: later, startAt } })).status()).toBe(202);
  const pending: InstanceDetail = await (await request.get(`/api/instances/${later}`)).json();
  expect([pending.runtimeStatus, pending.scheduledStartAt]).toEqual(['PENDING', startAt]);
  expect((await request.post(`/api/instances/${later}/terminate`)).status()).toBe(202);
});

test('GET /api/approvals/waiting lists instances waiting for an event, with waiting-since, deadline and the declaration', async ({ request }) => {
  const id = await startDapr(request, 'PurchaseOrderWorkflow', uniquePrefix('appr'), { cost: 5000, product: 'Chairs', quantity: 2, timeoutSeconds: 900 });
  await waitFor(request, id, ['RUNNING'], (d) => d.waitingOn.events.length === 1);
  const body: WaitingEventListResponse = await (await request.get('/api/approvals/waiting')).json();
  const item = body.items.find((i) => i.instanceId === id);
  expect(item).toEqual({
    instanceId: id,
    workflowName: 'PurchaseOrderWorkflow',
    eventName: 'approval_received',
    waitingSince: expect.any(String),
    deadline: expect.any(String),
    inputSummary: expect.stringContaining('Chairs'),
    event: expect.objectContaining({ name: 'approval_received' }),
  });
  const waitedMs = new Date(item!.deadline!).getTime() - new Date(item!.waitingSince).getTime();
  expect(Math.abs(waitedMs - 900_000)).toBeLessThan(5_000);
  await request.post(`/api/instances/${id}/terminate`);
  await waitFor(request, id, ['TERMINATED']);
  const after: WaitingEventListResponse = await (await request.get('/api/approvals/waiting')).json();
  expect(after.items.find((i) => i.instanceId === id)).toBeUndefined();
});

test('GET /api/inventory and POST /api/inventory/restock', async ({ request }) => {
  const restocked: InventoryResponse = await (await request.post('/api/inventory/restock')).json();
  expect(restocked.items.map((i) => i.name)).toEqual(expect.arrayContaining(['Cars', 'Computers', 'Paperclips']));
  const list: InventoryResponse = await (await request.get('/api/inventory')).json();
  expect(list.items.find((i) => i.name === 'Cars')).toEqual({ name: 'Cars', quantity: 100, pricePerItem: 15000 });
});

test('GET /api/health answers 200 with the database kind', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', database: projectMeta().database });
});
