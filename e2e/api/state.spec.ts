// Dapr's state API over real HTTP against `next start` (SQLite and PostgreSQL projects): the docs' curl examples.
import { expect, test } from '@playwright/test';
import { uniquePrefix } from './support/http';

test('save, get with its ETag, bulk get, a stale ETag refused with 409, delete with If-Match', async ({ request }) => {
  const store = `/v1.0/state/${uniquePrefix('store')}`;
  const saved = await request.post(store, { data: [{ key: 'weapon', value: 'DeathStar' }, { key: 'planet', value: { name: 'Tatooine' } }] });
  expect(saved.status(), await saved.text()).toBe(204);

  const planet = await request.get(`${store}/planet`);
  expect(planet.status()).toBe(200);
  expect(await planet.json()).toEqual({ name: 'Tatooine' });
  const etag = planet.headers().etag;
  expect(etag).toEqual(expect.any(String));
  expect((await request.get(`${store}/moon`)).status()).toBe(204);

  const bulk = await request.post(`${store}/bulk`, { data: { keys: ['weapon', 'moon', 'planet'] } });
  expect(await bulk.json()).toEqual([
    { key: 'weapon', data: 'DeathStar', etag: expect.any(String) },
    { key: 'moon' },
    { key: 'planet', data: { name: 'Tatooine' }, etag },
  ]);

  const stale = await request.post(store, { data: [{ key: 'planet', value: { name: 'Hoth' }, etag: 'stale' }] });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).errorCode).toBe('ERR_STATE_SAVE');
  expect((await request.delete(`${store}/planet`, { headers: { 'If-Match': 'stale' } })).status()).toBe(409);
  expect(await (await request.get(`${store}/planet`)).json()).toEqual({ name: 'Tatooine' });

  expect((await request.delete(`${store}/planet`, { headers: { 'If-Match': etag } })).status()).toBe(204);
  expect((await request.get(`${store}/planet`)).status()).toBe(204);
});

test('bad state requests are JSON errors', async ({ request }) => {
  const store = `/v1.0/state/${uniquePrefix('bad')}`;
  const notArray = await request.post(store, { data: { key: 'k', value: 1 } });
  expect([notArray.status(), (await notArray.json()).errorCode]).toEqual([400, 'ERR_MALFORMED_REQUEST']);
  const noKey = await request.post(store, { data: [{ value: 1 }] });
  expect(noKey.status()).toBe(400);
  const wrongMethod = await request.get(store);
  expect([wrongMethod.status(), wrongMethod.headers().allow]).toEqual([405, 'POST, PUT']);
});
