// Workflow metadata apps declare, over real HTTP against `next start` (SQLite and PostgreSQL projects).
import { expect, test } from '@playwright/test';
import type { CatalogListResponse } from '@/lib/api/workflows';
import { uniquePrefix } from './support/http';

const METADATA = {
  description: 'Declared by the test app',
  exampleInput: { item_name: 'cars', quantity: 10 },
  events: [{ name: 'manager_approval', approvePayload: { approval: true }, rejectPayload: { approval: false } }],
};

test('PUT /api/workflows/{name} declares a workflow the catalogue then lists; DELETE forgets it', async ({ request }) => {
  const name = uniquePrefix('declared');
  const created = await request.put(`/api/workflows/${name}`, { data: METADATA });
  expect(created.status(), await created.text()).toBe(201);
  expect(created.headers().location).toBe(`/api/workflows/${name}`);

  const list: CatalogListResponse = await (await request.get('/api/workflows')).json();
  expect(list.items.find((w) => w.name === name)).toEqual({ name, source: 'declared', ...METADATA });
  expect(list.items.find((w) => w.name === 'HelloSequenceWorkflow')).toMatchObject({ source: 'built-in' });
  expect(await (await request.get(`/api/workflows/${name}`)).json()).toEqual({ name, source: 'declared', ...METADATA });

  expect((await request.put(`/api/workflows/${name}`, { data: { description: 'v2' } })).status()).toBe(200);
  expect((await request.delete(`/api/workflows/${name}`)).status()).toBe(204);
  expect((await request.get(`/api/workflows/${name}`)).status()).toBe(404);
});

test('a bad declaration is 400 and a wrong method 405', async ({ request }) => {
  const name = uniquePrefix('bad');
  const bad = await request.put(`/api/workflows/${name}`, { data: { description: 'x', colour: 'red' } });
  expect([bad.status(), (await bad.json()).errorCode]).toEqual([400, 'ERR_MALFORMED_REQUEST']);
  expect((await request.get(`/api/workflows/${name}`)).status()).toBe(404);
  const post = await request.post(`/api/workflows/${name}`, { data: {} });
  expect([post.status(), post.headers().allow]).toEqual([405, 'GET, PUT, DELETE']);
});
