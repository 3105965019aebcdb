// Every row of the bad-input table, on the Dapr routes and the dashboard routes: the documented error, and, after
// every test's rejected calls, the instances of this suite exactly as they were before (list, counts, details,
// children and histories).
import net from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { daprPath, expectRejected, snapshot, startDapr, statusOf, uniquePrefix, waitFor } from './support/http';

test.describe.configure({ mode: 'serial' });

const P = uniquePrefix('bad');
const live = `${P}-live`; // RUNNING, waiting for approval_received
const paused = `${P}-paused`; // SUSPENDED
const done = `${P}-done`; // COMPLETED
const parent = `${P}-parent`; // RUNNING with two RUNNING children
const MiB = 1024 * 1024;
/** What the API showed of this suite's instances once they were set up; no rejected call may change it. */
let before: unknown;

test.beforeAll(async ({ request }) => {
  const order = { cost: 2500, product: 'Desk', quantity: 1, timeoutSeconds: 900 };
  await startDapr(request, 'PurchaseOrderWorkflow', live, order);
  await startDapr(request, 'PurchaseOrderWorkflow', paused, order);
  await startDapr(request, 'HelloSequenceWorkflow', done);
  await startDapr(request, 'ParentWorkflow', parent, { children: 2, childSeconds: 900 });
  await waitFor(request, live, ['RUNNING'], (d) => d.waitingOn.events.length === 1);
  await waitFor(request, paused, ['RUNNING'], (d) => d.waitingOn.events.length === 1);
  expect((await request.post(daprPath(`${paused}/pause`))).status()).toBe(202);
  await waitFor(request, paused, ['SUSPENDED']);
  await waitFor(request, done, ['COMPLETED']);
  await waitFor(request, parent, ['RUNNING'], (d) => d.children.length === 2 && d.children.every((c) => c.runtimeStatus === 'RUNNING'));
  before = await snapshot(request, P);
});

// One comparison per test rather than per call: a snapshot is some twenty requests, and the calls run by the hundred.
test.afterEach(async ({ request }) => {
  expect(await snapshot(request, P)).toEqual(before);
});

test('unknown instance on every per-instance call: 404 ERR_INSTANCE_ID_NOT_FOUND', async ({ request }) => {
  const ghost = `${P}-ghost`;
  const calls = [
    () => request.get(daprPath(ghost)),
    ...['terminate', 'pause', 'resume', 'purge'].map((op) => () => request.post(daprPath(`${ghost}/${op}`))),
    () => request.post(daprPath(`${ghost}/raiseEvent/approval_received`), { data: '{}' }),
    () => request.get(`/api/instances/${ghost}`),
    () => request.get(`/api/instances/${ghost}/history`),
    ...['terminate', 'pause', 'resume', 'purge'].map((op) => () => request.post(`/api/instances/${ghost}/${op}`, { data: {} })),
    () => request.post(`/api/instances/${ghost}/raise-event`, { data: { eventName: 'approval_received' } }),
  ];
  for (const call of calls) await expectRejected(call, 404, 'ERR_INSTANCE_ID_NOT_FOUND', ghost);
});

test('start with an ID over 64 bytes or with other characters: 400 TOO_LONG / INVALID, nothing created', async ({ request }) => {
  const long = `${P}-`.padEnd(65, 'x');
  for (const [id, code] of [
    [long, 'ERR_INSTANCE_ID_TOO_LONG'],
    [`${P}-has.dot`, 'ERR_INSTANCE_ID_INVALID'],
    [`${P}-has%20space`, 'ERR_INSTANCE_ID_INVALID'],
    [`${P}-caf%C3%A9`, 'ERR_INSTANCE_ID_INVALID'],
  ]) {
    await expectRejected(() => request.post(daprPath(`HelloSequenceWorkflow/start?instanceID=${id}`)), 400, code);
    await expectRejected(() => request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: decodeURIComponent(id) } }), 400, code);
  }
});

test('start of a workflow nobody registered: 400 naming it, no instance created', async ({ request }) => {
  const name = `NoSuchWorkflow${Date.now()}`;
  const message = await expectRejected(() => request.post(daprPath(`${name}/start?instanceID=${P}-unreg`), { data: '{"a":1}' }), 400, 'ERR_START_WORKFLOW', name);
  expect(message).toContain(name);
  await expectRejected(() => request.post(daprPath(`${name}/start`)), 400, 'ERR_START_WORKFLOW', name);
  await expectRejected(() => request.post(`/api/workflows/${name}/start`, { data: { instanceId: `${P}-unreg2` } }), 400, 'ERR_START_WORKFLOW', name);
  expect(await statusOf(request, `${P}-unreg`)).toBeUndefined();
  const byName = await (await request.get(`/api/instances?name=${name}`)).json();
  expect(byName.items).toEqual([]);
  expect(Object.values(byName.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(0);
});

test('start with the ID of a live instance: 409, the live instance untouched', async ({ request }) => {
  for (const id of [live, paused, parent]) {
    await expectRejected(() => request.post(daprPath(`HelloSequenceWorkflow/start?instanceID=${id}`), { data: '{"other":true}' }), 409, 'ERR_START_WORKFLOW', /already exists and is (RUNNING|SUSPENDED)/);
    await expectRejected(() => request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: id } }), 409, 'ERR_START_WORKFLOW', id);
  }
});

test('a body that is not valid JSON: 400 ERR_MALFORMED_REQUEST saying where it failed', async ({ request }) => {
  const where = /not valid JSON: .*(position \d+|Unexpected)/;
  await expectRejected(() => request.post(daprPath(`HelloSequenceWorkflow/start?instanceID=${P}-json`), { data: '{"Name": "Paperclips",}' }), 400, 'ERR_MALFORMED_REQUEST', where);
  await expectRejected(() => request.post(daprPath(`${live}/raiseEvent/approval_received`), { data: '{"approver" "x"}' }), 400, 'ERR_MALFORMED_REQUEST', /position 12/);
  // A Buffer is sent byte for byte (Playwright would JSON-encode a string sent as application/json).
  const raw = (text: string) => ({ data: Buffer.from(text), headers: { 'content-type': 'application/json' } });
  await expectRejected(() => request.post(`/api/instances/${live}/raise-event`, raw('{"eventName":')), 400, 'ERR_MALFORMED_REQUEST', where);
  await expectRejected(() => request.post(`/api/instances/${live}/terminate`, raw('nope')), 400, 'ERR_MALFORMED_REQUEST', where);
  await expectRejected(() => request.post('/api/instances/bulk', raw('[1,2')), 400, 'ERR_MALFORMED_REQUEST', where);
  await expectRejected(() => request.post('/api/workflows/HelloSequenceWorkflow/start', raw('{input: 1}')), 400, 'ERR_MALFORMED_REQUEST', where);
  expect(await statusOf(request, `${P}-json`)).toBeUndefined();
});

test('a body over the payload limit (1 MiB by default): 413 ERR_PAYLOAD_TOO_LARGE', async ({ request }) => {
  const big = JSON.stringify({ blob: 'x'.repeat(MiB + 10) });
  await expectRejected(() => request.post(daprPath(`HelloSequenceWorkflow/start?instanceID=${P}-big`), { data: big }), 413, 'ERR_PAYLOAD_TOO_LARGE', /limit is 1048576 bytes/);
  await expectRejected(() => request.post(daprPath(`${live}/raiseEvent/approval_received`), { data: big }), 413, 'ERR_PAYLOAD_TOO_LARGE');
  // Inside the dashboard's envelope allowance, so the engine's own payload check answers.
  await expectRejected(() => request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: `${P}-big2`, input: 'x'.repeat(MiB) } }), 413, 'ERR_PAYLOAD_TOO_LARGE');
  await expectRejected(() => request.post(`/api/instances/${live}/raise-event`, { data: { eventName: 'approval_received', payload: 'x'.repeat(2 * MiB) } }), 413, 'ERR_PAYLOAD_TOO_LARGE');
  expect(await statusOf(request, `${P}-big`)).toBeUndefined();
  expect(await statusOf(request, `${P}-big2`)).toBeUndefined();
});

test('operations the current status forbids: 409 with the status in the message', async ({ request }) => {
  const cases: [string, string, string, string][] = [
    // [instance, dapr op, code, status named]
    [live, 'purge', 'ERR_PURGE_WORKFLOW', 'RUNNING'],
    [paused, 'purge', 'ERR_PURGE_WORKFLOW', 'SUSPENDED'],
    [parent, 'purge', 'ERR_PURGE_WORKFLOW', 'RUNNING'],
    [paused, 'pause', 'ERR_PAUSE_WORKFLOW', 'SUSPENDED'],
    [done, 'pause', 'ERR_PAUSE_WORKFLOW', 'COMPLETED'],
    [live, 'resume', 'ERR_RESUME_WORKFLOW', 'RUNNING'],
    [done, 'resume', 'ERR_RESUME_WORKFLOW', 'COMPLETED'],
    [done, 'terminate', 'ERR_TERMINATE_WORKFLOW', 'COMPLETED'],
  ];
  for (const [id, op, code, status] of cases) {
    await expectRejected(() => request.post(daprPath(`${id}/${op}`)), 409, code, status);
    await expectRejected(() => request.post(`/api/instances/${id}/${op}`, { data: {} }), 409, code, status);
  }
  await expectRejected(() => request.post(daprPath(`${done}/raiseEvent/approval_received`), { data: '{}' }), 409, 'ERR_RAISE_EVENT_WORKFLOW', 'COMPLETED');
  await expectRejected(() => request.post(`/api/instances/${done}/raise-event`, { data: { eventName: 'go' } }), 409, 'ERR_RAISE_EVENT_WORKFLOW', 'COMPLETED');
});

test('unknown component, unknown route, wrong method: 404 / 405 with Allow', async ({ request }) => {
  await expectRejected(() => request.get(`/v1.0/workflows/temporal/${live}`), 404, 'ERR_WORKFLOW_COMPONENT_NOT_FOUND', 'temporal');
  await expectRejected(() => request.post(`/v1.0/workflows/temporal/HelloSequenceWorkflow/start?instanceID=${P}-comp`), 404, 'ERR_WORKFLOW_COMPONENT_NOT_FOUND');
  await expectRejected(() => request.post(daprPath(`${live}/explode`)), 404, 'ERR_NOT_FOUND');
  await expectRejected(() => request.get('/v1.0/workflows'), 404, 'ERR_NOT_FOUND');
  await expectRejected(() => request.post(daprPath(`${live}/raiseEvent`)), 404, 'ERR_NOT_FOUND');
  await expectRejected(() => request.get('/api/no-such-thing'), 404, 'ERR_NOT_FOUND');
  await expectRejected(() => request.post(`/api/instances/${live}/explode`, { data: {} }), 404, 'ERR_NOT_FOUND');
  const methods: [() => ReturnType<APIRequestContext['get']>, string][] = [
    [() => request.get(daprPath('HelloSequenceWorkflow/start')), 'POST'],
    [() => request.delete(daprPath(live)), 'GET'],
    [() => request.get(daprPath(`${live}/terminate`)), 'POST'],
    [() => request.put(daprPath(`${live}/raiseEvent/approval_received`)), 'POST'],
    [() => request.delete('/api/instances'), 'GET'],
    [() => request.get(`/api/instances/${live}/pause`), 'POST'],
    [() => request.post(`/api/instances/${live}/history`), 'GET'],
    [() => request.get('/api/workflows/HelloSequenceWorkflow/start'), 'POST'],
    [() => request.post('/api/workflows'), 'GET'],
    [() => request.post(`/api/instances/${live}`, { data: {} }), 'GET'], // the only POST under /api/instances/{id} is /bulk
    [() => request.get('/api/inventory/restock'), 'POST'],
  ];
  for (const [call, allow] of methods) {
    let allowHeader: string | undefined;
    await expectRejected(
      async () => {
        const response = await call();
        allowHeader = response.headers().allow;
        return response;
      },
      405,
      'ERR_METHOD_NOT_ALLOWED',
    );
    expect(allowHeader).toContain(allow);
  }
  expect(await statusOf(request, `${P}-comp`)).toBeUndefined();
});

test('dashboard queries and bodies that do not validate: 400 ERR_MALFORMED_REQUEST naming the field', async ({ request }) => {
  for (const [query, field] of [
    ['status=BOGUS', 'status'],
    ['limit=1000', 'limit'],
    ['limit=0', 'limit'],
    ['order=sideways', 'order'],
    ['cursor=not-a-cursor', 'cursor'],
    ['createdFrom=yesterday', 'createdFrom'],
  ]) {
    await expectRejected(() => request.get(`/api/instances?${query}`), 400, 'ERR_MALFORMED_REQUEST', field);
  }
  await expectRejected(() => request.get(`/api/instances/${live}/history?from=-1`), 400, 'ERR_MALFORMED_REQUEST', 'from');
  await expectRejected(() => request.post('/api/instances/bulk', { data: { action: 'pause', instanceIds: [] } }), 400, 'ERR_MALFORMED_REQUEST', 'instanceIds');
  await expectRejected(() => request.post('/api/instances/bulk', { data: { action: 'explode', instanceIds: [live] } }), 400, 'ERR_MALFORMED_REQUEST', 'action');
  await expectRejected(() => request.post('/api/instances/bulk', { data: { action: 'pause', instanceIds: [live, live] } }), 400, 'ERR_MALFORMED_REQUEST', 'repeat');
  await expectRejected(() => request.post(`/api/instances/${live}/raise-event`, { data: { payload: 1 } }), 400, 'ERR_MALFORMED_REQUEST', 'eventName');
  await expectRejected(() => request.post(`/api/instances/${live}/terminate`, { data: { outptu: 1 } }), 400, 'ERR_MALFORMED_REQUEST', 'outptu');
  await expectRejected(() => request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: `${P}-when`, startAt: 'soon' } }), 400, 'ERR_MALFORMED_REQUEST', 'startAt');
});

test('errors never carry stack traces or SQL', async ({ request }) => {
  const responses = [
    await request.get(daprPath(`${P}-nothing`)),
    await request.post(daprPath(`${live}/purge`)),
    await request.get('/api/instances?cursor=x'),
    await request.post('/api/instances/bulk', { data: Buffer.from('{'), headers: { 'content-type': 'application/json' } }),
  ];
  for (const response of responses) {
    const text = await response.text();
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT |UPDATE |prisma/i);
  }
});

test('a list cursor with an out-of-range time, and integers not written in decimal digits: 400 naming the field', async ({ request }) => {
  const cursor = Buffer.from('[1e308,"x"]').toString('base64url');
  await expectRejected(() => request.get(`/api/instances?cursor=${cursor}`), 400, 'ERR_MALFORMED_REQUEST', /^invalid request query: cursor:/);
  for (const limit of ['0x10', '1e2', '+5', '5.0', '05']) {
    await expectRejected(() => request.get(`/api/instances?limit=${limit}`), 400, 'ERR_MALFORMED_REQUEST', /limit: must be a whole number in decimal digits/);
  }
  await expectRejected(() => request.get(`/api/instances/${live}/history?from=1e1`), 400, 'ERR_MALFORMED_REQUEST', 'from');
  expect((await request.get('/api/instances?limit=16')).status()).toBe(200);
});

test('a path whose percent-encoding does not decode: JSON 400 ERR_MALFORMED_REQUEST (was a plain-text 500)', async ({ request }) => {
  for (const path of [
    '/v1.0/workflows/dapr/%zz',
    '/v1.0-beta1/workflows/dapr/%E0%A4%A/terminate',
    `/v1.0/workflows/dapr/${live}/raiseEvent/%C3%28`,
    '/v1.0/state/statestore/%ff',
    '/api/instances/%E0%A4%A',
    '/api/instances/%zz/history',
    '/api/no-such/%zz',
  ]) {
    const post = path.includes('raiseEvent') || path.endsWith('/terminate');
    await expectRejected(() => (post ? request.post(path, { data: '{}' }) : request.get(path)), 400, 'ERR_MALFORMED_REQUEST', /is not valid percent-encoding/);
  }
  expect(await statusOf(request, live)).toBe('RUNNING');
});

test("OPTIONS answers 204 with the methods the route really serves (Next.js's own listed every method)", async ({ request }) => {
  const cases: [string, string][] = [
    ['/api/instances', 'GET, HEAD, OPTIONS'],
    [`/api/instances/${live}`, 'GET, HEAD, OPTIONS'],
    ['/api/instances/bulk', 'GET, POST, HEAD, OPTIONS'],
    [`/api/instances/${live}/pause`, 'POST, OPTIONS'],
    [`/api/instances/${live}/history`, 'GET, HEAD, OPTIONS'],
    ['/api/workflows/HelloSequenceWorkflow', 'GET, PUT, DELETE, HEAD, OPTIONS'],
    ['/api/health', 'GET, HEAD, OPTIONS'],
    ['/api/session', 'GET, POST, DELETE, HEAD, OPTIONS'],
    [daprPath(live), 'GET, HEAD, OPTIONS'],
    [daprPath('HelloSequenceWorkflow/start'), 'POST, OPTIONS'],
    [daprPath(`${live}/raiseEvent/approval_received`), 'POST, OPTIONS'],
    ['/v1.0/state/statestore', 'POST, PUT, OPTIONS'],
    ['/v1.0-alpha1/healthz', 'GET, HEAD, OPTIONS'],
  ];
  for (const [path, allow] of cases) {
    const response = await request.fetch(path, { method: 'OPTIONS' });
    expect([path, response.status(), response.headers().allow]).toEqual([path, 204, allow]);
  }
  await expectRejected(() => request.fetch(`/api/instances/${live}/explode`, { method: 'OPTIONS' }), 404, 'ERR_NOT_FOUND');
  await expectRejected(() => request.fetch(daprPath(`${live}/explode`), { method: 'OPTIONS' }), 404, 'ERR_NOT_FOUND');
  await expectRejected(() => request.put('/api/session', { data: {} }), 405, 'ERR_METHOD_NOT_ALLOWED');
  await expectRejected(() => request.post('/api/health'), 405, 'ERR_METHOD_NOT_ALLOWED');
});

test("TRACE: a JSON 405 with the path's real methods in Allow (Next.js answered a plain-text 500); CONNECT too", async ({ request, baseURL }) => {
  for (const [path, allow] of [
    ['/api/instances', 'GET, HEAD, OPTIONS'],
    [`/api/instances/${live}/pause`, 'POST, OPTIONS'],
    [daprPath('HelloSequenceWorkflow/start'), 'POST, OPTIONS'],
  ]) {
    const response = await request.fetch(path, { method: 'TRACE' });
    expect([path, response.status(), response.headers().allow, (await response.json()).errorCode]).toEqual([path, 405, allow, 'ERR_METHOD_NOT_ALLOWED']);
  }
  await expectRejected(() => request.fetch(`/api/instances/${live}/explode`, { method: 'TRACE' }), 404, 'ERR_NOT_FOUND');
  const connect = await rawRequest(Number(new URL(baseURL!).port), `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`);
  expect(connect).toMatch(/^HTTP\/1\.1 405 /);
  expect(connect).toContain('"errorCode":"ERR_METHOD_NOT_ALLOWED"');
});

test('a repeated query parameter: 400 naming it, on every route (only status of GET /api/instances may repeat)', async ({ request }) => {
  await expectRejected(() => request.get('/api/instances?limit=1&limit=2'), 400, 'ERR_MALFORMED_REQUEST', "query parameter 'limit' is given 2 times; give it once");
  await expectRejected(() => request.post(daprPath(`HelloSequenceWorkflow/start?instanceID=${P}-r1&instanceID=${P}-r2`)), 400, 'ERR_MALFORMED_REQUEST', "'instanceID'");
  await expectRejected(() => request.delete('/v1.0/state/statestore/k?concurrency=first-write&concurrency=last-write'), 400, 'ERR_MALFORMED_REQUEST', "'concurrency'");
  await expectRejected(() => request.get(`/api/instances/${live}?x=1&x=2`), 400, 'ERR_MALFORMED_REQUEST', "'x'");
  expect(await statusOf(request, `${P}-r1`)).toBeUndefined();
  expect(await statusOf(request, `${P}-r2`)).toBeUndefined();
  const both = await (await request.get(`/api/instances?idPrefix=${P}-&status=SUSPENDED&status=COMPLETED`)).json();
  expect(both.items.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual([done, paused].sort());
});

test('event and workflow names: over 256 characters, control or bidirectional characters: 400 saying which', async ({ request }) => {
  const names: [string, RegExp][] = [
    ['x'.repeat(8192), /the event name is 8192 characters long; the limit is 256/],
    ['approval_received\u0007', /control character \(U\+0007/],
    ['\u202Edeviorppa', /bidirectional formatting character \(U\+202E/],
  ];
  for (const [name, message] of names) {
    await expectRejected(() => request.post(daprPath(`${live}/raiseEvent/${encodeURIComponent(name)}`), { data: '{}' }), 400, 'ERR_MALFORMED_REQUEST', message);
    await expectRejected(() => request.post(`/api/instances/${live}/raise-event`, { data: { eventName: name } }), 400, 'ERR_MALFORMED_REQUEST', message);
  }
  await expectRejected(() => request.post(daprPath(`${'W'.repeat(300)}/start?instanceID=${P}-longname`)), 400, 'ERR_MALFORMED_REQUEST', /the workflow name is 300 characters long/);
  expect(await statusOf(request, `${P}-longname`)).toBeUndefined();
});

test('a body that is not UTF-8: 400 ERR_MALFORMED_REQUEST saying where (was stored with replacement characters)', async ({ request }) => {
  const latin1 = { data: Buffer.from('{"approver":"Müller"}', 'latin1'), headers: { 'content-type': 'application/json' } };
  await expectRejected(() => request.post(daprPath(`HelloSequenceWorkflow/start?instanceID=${P}-latin1`), latin1), 400, 'ERR_MALFORMED_REQUEST', /not valid UTF-8 \(at byte 14 of 21\)/);
  await expectRejected(() => request.post(daprPath(`${live}/raiseEvent/approval_received`), latin1), 400, 'ERR_MALFORMED_REQUEST', /not valid UTF-8/);
  const envelope = Buffer.concat([Buffer.from('{"eventName":"approval_received","payload":"'), Buffer.from([0xff]), Buffer.from('"}')]);
  await expectRejected(() => request.post(`/api/instances/${live}/raise-event`, { data: envelope, headers: { 'content-type': 'application/json' } }), 400, 'ERR_MALFORMED_REQUEST', /not valid UTF-8/);
  expect(await statusOf(request, `${P}-latin1`)).toBeUndefined();
});

/** Sends `text` as it is on a new connection to 127.0.0.1:port and resolves with everything the server answered. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
