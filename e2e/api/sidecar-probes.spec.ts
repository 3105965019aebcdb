// What Dapr clients probe before they talk (GET /v1.0/metadata, /v1.0/healthz, /v1.0/healthz/outbound) and
// instance IDs with ':' (the Dapr SDKs' child workflow IDs) on every lookup, against `next start`.
import { expect, test } from '@playwright/test';
import { daprPath, projectMeta, startDapr, uniquePrefix, waitFor } from './support/http';

test('healthz and healthz/outbound answer 204, without a token even where the API requires one', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: {} });
  for (const path of ['/v1.0/healthz', '/v1.0/healthz/outbound']) {
    const response = await anonymous.get(path);
    expect([path, response.status(), await response.text()]).toEqual([path, 204, '']);
  }
  const post = await anonymous.post('/v1.0/healthz');
  expect([post.status(), post.headers().allow]).toEqual([405, 'GET']);
  await anonymous.dispose();
});

test('GET /v1.0/metadata answers as a Dapr sidecar (app id, runtime version, the dapr workflow component)', async ({ request, playwright, baseURL }) => {
  const response = await request.get('/v1.0/metadata');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    id: 'flowdeck',
    runtimeVersion: expect.stringMatching(/^flowdeck-\d+\.\d+\.\d+/),
    components: [{ name: 'dapr', type: 'workflow.dapr', version: 'v1', capabilities: [] }],
    workflows: { connectedWorkers: expect.any(Number) },
  });
  if (projectMeta().token) {
    const anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: {} });
    expect((await anonymous.get('/v1.0/metadata')).status()).toBe(401);
    await anonymous.dispose();
  }
});

test("an instance ID with ':' starts over HTTP and is found by every API lookup, encoded or not", async ({ request }) => {
  const id = `${uniquePrefix('colon')}:0001`;
  expect(await startDapr(request, 'HelloSequenceWorkflow', id)).toBe(id);
  const detail = await waitFor(request, encodeURIComponent(id), ['COMPLETED']);
  expect(detail.instanceId).toBe(id);
  for (const path of [daprPath(id), daprPath(encodeURIComponent(id)), `/api/instances/${id}/history`]) {
    const response = await request.get(path);
    expect([path, response.status()]).toEqual([path, 200]);
  }
  expect((await (await request.get(daprPath(id))).json()).instanceID).toBe(id);
  expect((await request.post(daprPath(`${encodeURIComponent(id)}/purge`))).status()).toBe(202);
});
