// Approval requests over real HTTP on SQLite and PostgreSQL: an activity's POST /api/approvals (idempotent per
// awaited event), bad bodies refused with nothing written, the inbox page with true totals and a 304 refresh, one
// decision (a second one is 409 naming who decided), bulk decisions, and a request closing when its instance ends.
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { ApprovalListResponse, ApprovalRequestView } from '@/lib/approvals/approval-view';
import { startDapr, uniquePrefix, waitFor } from './support/http';

/** The pending approval requests of `instanceId` (the purchase order's own, once its workflow asked). */
async function requestsOf(request: APIRequestContext, instanceId: string): Promise<ApprovalRequestView[]> {
  const page: ApprovalListResponse = await (await request.get('/api/approvals?limit=200')).json();
  return page.items.filter((r) => r.instanceId === instanceId);
}

async function orderWaiting(request: APIRequestContext, label: string): Promise<{ id: string; own: ApprovalRequestView }> {
  const id = await startDapr(request, 'PurchaseOrderWorkflow', uniquePrefix(label), { cost: 5000, product: label, quantity: 1, timeoutSeconds: 900 });
  await waitFor(request, id, ['RUNNING'], (d) => d.waitingOn.events.length === 1);
  await expect.poll(async () => (await requestsOf(request, id)).length).toBe(1);
  return { id, own: (await requestsOf(request, id))[0] };
}

test('the workflow asks: its request is listed with assignees, due time and the instance status; a refresh is a 304', async ({ request }) => {
  const { id, own } = await orderWaiting(request, 'apprlist');
  expect(own).toMatchObject({
    workflowName: 'PurchaseOrderWorkflow',
    eventName: 'approval_received',
    status: 'pending',
    assignees: { users: [], groups: ['approvers'] },
    instanceStatus: 'RUNNING',
    overdue: false,
    createdBy: 'workflow',
  });
  const first = await request.get('/api/approvals?limit=200');
  const etag = first.headers()['etag'];
  expect(etag).toBeTruthy();
  const again = await request.get('/api/approvals?limit=200', { headers: { 'If-None-Match': etag } });
  expect(again.status()).toBe(304);
  expect(await again.text()).toBe('');
  const one: ApprovalRequestView = await (await request.get(`/api/approvals/${own.id}`)).json();
  expect(one.id).toBe(own.id);
  expect((await request.get('/api/approvals/nope')).status()).toBe(404);
  await request.post(`/api/instances/${id}/terminate`);
});

test('POST /api/approvals: bad bodies are 400 naming the problem, and nothing is written', async ({ request }) => {
  const { id } = await orderWaiting(request, 'apprbad');
  // Other specs' requests change meanwhile (this server runs them in parallel): compare this instance's only.
  const mine = async () => ((await (await request.get('/api/approvals?status=any&limit=200')).json()) as ApprovalListResponse).items.filter((r) => r.instanceId === id || r.instanceId === 'no-such-instance');
  const before = await mine();
  const bad: [unknown, RegExp][] = [
    [{ eventName: 'x' }, /instanceId/],
    [{ instanceId: id, eventName: '' }, /eventName/],
    [{ instanceId: id, eventName: 'x', title: 'a'.repeat(201) }, /title: must be at most 200/],
    [{ instanceId: id, eventName: 'x', assignees: { groups: ['ok', '\u202eevil'] } }, /control or bidirectional/],
    [{ instanceId: id, eventName: 'x', escalation: { decision: 'approve' } }, /needs a due time/],
    [{ instanceId: id, eventName: 'x', due: 'tomorrow' }, /due/],
    [{ instanceId: id, eventName: 'x', dueInSeconds: 5, due: new Date().toISOString() }, /not both/],
    [{ instanceId: id, eventName: 'x', extra: 1 }, /extra|Unrecognized/i],
  ];
  for (const [data, message] of bad) {
    const response = await request.post('/api/approvals', { data });
    const body = await response.json();
    expect({ status: response.status(), code: body.errorCode }).toEqual({ status: 400, code: 'ERR_MALFORMED_REQUEST' });
    expect(body.message).toMatch(message);
  }
  const missing = await request.post('/api/approvals', { data: { instanceId: 'no-such-instance', eventName: 'x' } });
  expect(missing.status()).toBe(404);
  expect(await mine()).toEqual(before);
  await request.post(`/api/instances/${id}/terminate`);
});

test('an app asks over HTTP (idempotent per event); one decision wins, a second is 409 naming who; bulk decides the rest', async ({ request }) => {
  const { id, own } = await orderWaiting(request, 'apprdecide');
  const other = await orderWaiting(request, 'apprbulk');
  const ask = { instanceId: id, eventName: 'second_opinion', title: 'A second opinion', assignees: { users: ['ada@example.com'] }, dueInSeconds: 3600 };
  const created = await request.post('/api/approvals', { data: ask });
  expect(created.status()).toBe(201);
  const again = await request.post('/api/approvals', { data: ask });
  expect(again.status()).toBe(200);
  const second: ApprovalRequestView = await created.json();
  expect(second).toMatchObject({ title: 'A second opinion', assignees: { users: ['ada@example.com'], groups: [] }, dueAt: expect.any(String) });
  expect((await again.json()).id).toBe(second.id);

  const decided = await request.post(`/api/approvals/${own.id}/decision`, { data: { decision: 'approve', comment: 'fine' } });
  expect(decided.status()).toBe(200);
  expect(await decided.json()).toMatchObject({ status: 'decided', decision: { approved: true, comment: 'fine' } });
  const stale = await request.post(`/api/approvals/${own.id}/decision`, { data: { decision: 'reject' } });
  const staleBody = await stale.json();
  expect({ status: stale.status(), code: staleBody.errorCode }).toEqual({ status: 409, code: 'ERR_APPROVAL_DECIDED' });
  expect(staleBody.message).toMatch(/already approved by .+ at .+ \(comment: fine\)/);
  const bad = await request.post(`/api/approvals/${own.id}/decision`, { data: { decision: 'maybe' } });
  expect(bad.status()).toBe(400);

  const bulk = await request.post('/api/approvals/decisions', { data: { ids: [other.own.id, own.id], decision: 'reject', comment: 'no' } });
  const answer = await bulk.json();
  expect(answer).toMatchObject({ decided: 1, refused: 1 });
  expect(answer.results[0]).toMatchObject({ id: other.own.id, ok: true, request: { decision: { approved: false, comment: 'no' } } });
  expect(answer.results[1]).toMatchObject({ id: own.id, ok: false, errorCode: 'ERR_APPROVAL_DECIDED' });
  for (const instanceId of [id, other.id]) {
    await waitFor(request, instanceId, ['COMPLETED']);
    const history = await (await request.get(`/api/instances/${instanceId}/history?limit=1000`)).json();
    expect(history.events.filter((e: { kind: string }) => e.kind === 'EventRaised').map((e: { name: string }) => e.name)).toEqual(['approval_received']);
  }
});

test('a request whose instance ends is closed, and deciding it says why', async ({ request }) => {
  const { id, own } = await orderWaiting(request, 'apprclose');
  await request.post(`/api/instances/${id}/terminate`);
  await waitFor(request, id, ['TERMINATED']);
  const refused = await request.post(`/api/approvals/${own.id}/decision`, { data: { decision: 'approve' } });
  const body = await refused.json();
  expect({ status: refused.status(), code: body.errorCode }).toEqual({ status: 409, code: 'ERR_APPROVAL_CLOSED' });
  expect(body.message).toMatch(/TERMINATED/);
  expect(await (await request.get(`/api/approvals/${own.id}`)).json()).toMatchObject({ status: 'closed', closedReason: 'its instance is TERMINATED' });
});
