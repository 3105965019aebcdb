// API token: every API route (Dapr and /api) requires it when WORKFLOW_API_TOKEN is set; rejected requests change nothing.
import http from 'node:http';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { daprPath, projectMeta, startDapr, statusOf, uniquePrefix, waitFor } from './support/http';

test.beforeEach(() => {
  // Only the api-sqlite project runs this file (playwright.config.ts); its server requires a token.
  expect(projectMeta().token, 'the auth spec needs a server started with WORKFLOW_API_TOKEN').toBeTruthy();
});

/** A request context with no default token header. */
async function anonymous(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string | undefined) {
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: {} });
}

test('missing or wrong token: 401 ERR_UNAUTHORIZED on Dapr and dashboard routes, and nothing changes', async ({ request, playwright, baseURL }) => {
  const P = uniquePrefix('auth');
  const live = await startDapr(request, 'PurchaseOrderWorkflow', `${P}-live`, { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 });
  await waitFor(request, live, ['RUNNING'], (d) => d.waitingOn.events.length === 1);
  const before = await (await request.get(`/api/instances/${live}`)).json();
  const anon = await anonymous(playwright, baseURL);
  const calls = (headers: Record<string, string>) => [
    () => anon.post(daprPath(`HelloSequenceWorkflow/start?instanceID=${P}-new`), { headers }),
    () => anon.get(daprPath(live), { headers }),
    () => anon.post(daprPath(`${live}/terminate`), { headers }),
    () => anon.post(daprPath(`${live}/raiseEvent/approval_received`), { headers, data: '{}' }),
    () => anon.get('/api/instances', { headers }),
    () => anon.post(`/api/instances/${live}/pause`, { headers, data: {} }),
    () => anon.post('/api/instances/bulk', { headers, data: { action: 'terminate', instanceIds: [live] } }),
    () => anon.post('/api/workflows/HelloSequenceWorkflow/start', { headers, data: { instanceId: `${P}-new2` } }),
    () => anon.post('/api/inventory/restock', { headers }),
    () => anon.get('/v1.0/workflows/other/x', { headers }), // even unknown routes: no probing without the token
  ];
  const attempts: Record<string, string>[] = [{}, { 'dapr-api-token': 'wrong' }, { authorization: 'Bearer wrong' }, { cookie: 'flowdeck_session=wrong' }, { cookie: `flowdeck_session=${projectMeta().token}` }];
  for (const headers of attempts) {
    for (const call of calls(headers)) {
      const response = await call();
      expect(response.status()).toBe(401);
      expect((await response.json()).errorCode).toBe('ERR_UNAUTHORIZED');
    }
  }
  expect(await (await request.get(`/api/instances/${live}`)).json()).toEqual(before);
  expect(await statusOf(request, `${P}-new`)).toBeUndefined();
  expect(await statusOf(request, `${P}-new2`)).toBeUndefined();
  await anon.dispose();
});

test('the token works as dapr-api-token or Authorization: Bearer; health needs none', async ({ playwright, baseURL }) => {
  const anon = await anonymous(playwright, baseURL);
  const token = projectMeta().token!;
  expect((await anon.get('/api/instances?limit=1', { headers: { 'dapr-api-token': token } })).status()).toBe(200);
  expect((await anon.get('/api/instances?limit=1', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
  expect((await anon.get(daprPath('nobody-here'), { headers: { authorization: `Bearer ${token}` } })).status()).toBe(404);
  expect((await anon.get('/api/health')).status()).toBe(200);
  await anon.dispose();
});

test('POST /api/session starts an opaque session in an httpOnly SameSite=Strict cookie for the dashboard routes (not the Dapr ones)', async ({ playwright, baseURL }) => {
  const anon = await anonymous(playwright, baseURL);
  const token = projectMeta().token!;
  expect(await (await anon.get('/api/session')).json()).toMatchObject({ authRequired: true, authenticated: false, localMode: false });
  const wrong = await anon.post('/api/session', { data: { token: 'nope' } });
  expect([wrong.status(), (await wrong.json()).errorCode]).toEqual([401, 'ERR_UNAUTHORIZED']);
  expect((await anon.get('/api/instances')).status()).toBe(401);

  const login = await anon.post('/api/session', { data: { token } });
  expect(login.status()).toBe(200);
  const cookie = login.headers()['set-cookie'];
  const sessionId = /^flowdeck_session=([^;]+)/.exec(cookie)?.[1];
  expect(sessionId, 'the cookie holds a session ID').toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(cookie).not.toContain(token);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(cookie).toMatch(/Max-Age=\d+/);
  expect(await (await anon.get('/api/session')).json()).toMatchObject({ authRequired: true, authenticated: true, caller: { kind: 'token', role: 'admin' } });
  expect((await anon.get('/api/instances?limit=1')).status()).toBe(200);
  expect((await anon.get(daprPath('nobody-here'))).status()).toBe(401);
  // The session ID is not a token: it does not work as a header.
  expect((await anon.get('/api/instances?limit=1', { headers: { 'dapr-api-token': sessionId! } })).status()).toBe(401);

  expect((await anon.delete('/api/session')).status()).toBe(200);
  expect((await anon.get('/api/instances')).status()).toBe(401);
  // Signing out ends the session itself: the old cookie, sent again, no longer works.
  const replay = await anonymous(playwright, baseURL);
  const replayed = await replay.get('/api/instances?limit=1', { headers: { cookie: `flowdeck_session=${sessionId}` } });
  expect(replayed.status()).toBe(401);
  await replay.dispose();
  await anon.dispose();
});

test('failed sign-ins are limited per client address (the socket\'s, not a forged X-Forwarded-For): the 11th in a minute gets 429 with Retry-After', async ({ baseURL }) => {
  const token = projectMeta().token!;
  // Linux routes all of 127.0.0.0/8 to loopback: each address below is a client of its own.
  const guesser = `127.0.0.${Math.floor(Math.random() * 200) + 20}`;
  for (let i = 0; i < 10; i++) {
    const forged = { 'x-forwarded-for': `198.51.100.${i}` };
    expect((await signInFrom(baseURL!, guesser, `guess-${i}`, forged)).status).toBe(401);
  }
  for (const attempt of ['guess-10', token]) {
    const limited = await signInFrom(baseURL!, guesser, attempt, { 'x-forwarded-for': '203.0.113.9' });
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body).errorCode).toBe('ERR_TOO_MANY_REQUESTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }
  // Another address is not held up by this one.
  expect((await signInFrom(baseURL!, '127.0.0.2', token)).status).toBe(200);
});

/** POST /api/session {token} from the local address `from`. */
function signInFrom(baseURL: string, from: string, token: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL('/api/session', baseURL);
  const body = JSON.stringify({ token });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
