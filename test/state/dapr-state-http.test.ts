// Dapr's HTTP state API handler, called with real Request objects on real SQLite and PostgreSQL databases.
import { afterEach, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/lib/db/client';
import { createDaprStateHandler, type DaprStateHandler } from '@/lib/api/dapr-state-http';
import { createStateStore } from '@/lib/state/state-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const MAX_VALUE = 4096;

let db: TestDatabase | undefined;
afterEach(async () => {
  delete process.env.WORKFLOW_API_TOKEN;
  await db?.dispose();
  db = undefined;
});

async function open(kind: 'sqlite' | 'postgresql'): Promise<DaprStateHandler> {
  db = await createTestDatabase(kind);
  const state = createStateStore(db.prisma, { maxValueBytes: MAX_VALUE });
  return createDaprStateHandler(async () => ({ state, maxValueBytes: MAX_VALUE }));
}

/** Calls `handler` as the route does: the path after /v1.0/, split and decoded. */
function call(handler: DaprStateHandler, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
  const url = `http://localhost/v1.0/${path}`;
  const segments = new URL(url).pathname.split('/').slice(2).map(decodeURIComponent);
  return handler(new Request(url, { method, body, headers }), segments);
}

const save = (h: DaprStateHandler, store: string, items: unknown) => call(h, 'POST', `state/${store}`, JSON.stringify(items));
const rows = () => db!.prisma.stateEntry.count();

describe.each(availableDatabases())('HTTP state API on %s', (kind) => {
  it("the docs' example: save two values, read each back as JSON with its ETag; a missing key is 204", async () => {
    const h = await open(kind);
    const saved = await save(h, 'starwars', [
      { key: 'weapon', value: 'DeathStar' },
      { key: 'planet', value: { name: 'Tatooine' } },
    ]);
    expect(saved.status).toBe(204);
    const planet = await call(h, 'GET', 'state/starwars/planet');
    expect(planet.status).toBe(200);
    expect(planet.headers.get('content-type')).toBe('application/json');
    expect(planet.headers.get('etag')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await planet.json()).toEqual({ name: 'Tatooine' });
    expect(await (await call(h, 'GET', 'state/starwars/weapon')).text()).toBe('"DeathStar"');
    const missing = await call(h, 'GET', 'state/starwars/moon');
    expect(missing.status).toBe(204);
    expect(await missing.text()).toBe('');
    expect((await call(h, 'GET', 'state/other-store/planet')).status).toBe(204);
  });

  it('returns the JSON value as it was sent: key order, nesting, null and unicode', async () => {
    const h = await open(kind);
    const value = '{"b":1,"a":[1,2.5,{"c":null}],"s":"ünï ✓"}';
    await call(h, 'POST', 'state/s', `[{"key":"k","value":${value}}]`);
    expect(await (await call(h, 'GET', 'state/s/k')).text()).toBe(value);
  });

  it("the docs' ETag walkthrough: a wrong ETag is 409 ERR_STATE_SAVE / ERR_STATE_DELETE and changes nothing; the right one works", async () => {
    const h = await open(kind);
    await save(h, 'statestore', [{ key: 'sampleData', value: '1' }]);
    const etag = (await call(h, 'GET', 'state/statestore/sampleData')).headers.get('etag')!;
    const wrongSave = await save(h, 'statestore', [{ key: 'sampleData', value: '2', etag: 'not-it' }]);
    expect(wrongSave.status).toBe(409);
    expect(await wrongSave.json()).toEqual({ errorCode: 'ERR_STATE_SAVE', message: expect.stringContaining('possible etag mismatch') });
    const wrongDelete = await call(h, 'DELETE', 'state/statestore/sampleData', undefined, { 'If-Match': 'not-it' });
    expect(wrongDelete.status).toBe(409);
    expect((await wrongDelete.json()).errorCode).toBe('ERR_STATE_DELETE');
    const unchanged = await call(h, 'GET', 'state/statestore/sampleData');
    expect([await unchanged.text(), unchanged.headers.get('etag')]).toEqual(['"1"', etag]);

    expect((await save(h, 'statestore', [{ key: 'sampleData', value: '2', etag }])).status).toBe(204);
    const next = (await call(h, 'GET', 'state/statestore/sampleData')).headers.get('etag')!;
    expect(next).not.toBe(etag);
    expect((await call(h, 'DELETE', 'state/statestore/sampleData', undefined, { 'If-Match': etag })).status).toBe(409);
    expect((await call(h, 'DELETE', 'state/statestore/sampleData', undefined, { 'If-Match': `"${next}"` })).status).toBe(204);
    expect((await call(h, 'GET', 'state/statestore/sampleData')).status).toBe(204);
    expect((await call(h, 'DELETE', 'state/statestore/sampleData')).status).toBe(204);
  });

  it('options.concurrency: first-write refuses to overwrite without the ETag; last-write ignores a wrong one', async () => {
    const h = await open(kind);
    const firstWrite = { concurrency: 'first-write', consistency: 'strong' };
    expect((await save(h, 's', [{ key: 'k', value: 1, options: firstWrite }])).status).toBe(204);
    const refused = await save(h, 's', [{ key: 'k', value: 2, options: firstWrite }]);
    expect(refused.status).toBe(409);
    expect((await save(h, 's', [{ key: 'k', value: 3, etag: 'stale', options: { concurrency: 'last-write' } }])).status).toBe(204);
    expect(await (await call(h, 'GET', 'state/s/k')).json()).toBe(3);
    expect((await call(h, 'DELETE', 'state/s/k?concurrency=last-write', undefined, { 'If-Match': 'stale' })).status).toBe(204);
    expect(await rows()).toBe(0);
  });

  it('bulk get: [{key, data, etag}] in the order asked; missing keys carry only their key; raw bytes come back as text', async () => {
    const h = await open(kind);
    await save(h, 's', [
      { key: 'a', value: { n: 1 } },
      { key: 'b', value: 'two' },
    ]);
    await createStateStore(db!.prisma, { maxValueBytes: MAX_VALUE }).save('s', [{ key: 'raw', value: Buffer.from('plain text') }]);
    const etagA = (await call(h, 'GET', 'state/s/a')).headers.get('etag');
    const bulk = await call(h, 'POST', 'state/s/bulk', JSON.stringify({ keys: ['b', 'missing', 'a', 'raw'], parallelism: 10 }));
    expect(bulk.status).toBe(200);
    const items = (await bulk.json()) as { key: string; data?: unknown; etag?: string }[];
    expect(items.map(({ key, data }) => ({ key, data }))).toEqual([{ key: 'b', data: 'two' }, { key: 'missing' }, { key: 'a', data: { n: 1 } }, { key: 'raw', data: 'plain text' }]);
    expect(items[2].etag).toBe(etagA);
    expect(items[1]).toEqual({ key: 'missing' });
    expect(await (await call(h, 'PUT', 'state/s/bulk', '{"keys":[]}')).json()).toEqual([]);
  });

  it('GET and DELETE of keys named bulk and transaction address those keys', async () => {
    const h = await open(kind);
    await save(h, 's', [
      { key: 'bulk', value: 'b' },
      { key: 'transaction', value: 't' },
    ]);
    expect(await (await call(h, 'GET', 'state/s/bulk')).json()).toBe('b');
    expect((await call(h, 'DELETE', 'state/s/transaction')).status).toBe(204);
    expect(await rows()).toBe(1);
  });

  it('a transaction applies its upserts and deletes together; one wrong ETag is 409 ERR_STATE_TRANSACTION and applies none', async () => {
    const h = await open(kind);
    await save(h, 's', [{ key: 'old', value: 1 }]);
    const ok = await call(h, 'POST', 'state/s/transaction', JSON.stringify({
      operations: [
        { operation: 'upsert', request: { key: 'key1', value: 'myData' } },
        { operation: 'delete', request: { key: 'old' } },
      ],
      metadata: { partitionKey: 'planet' },
    }));
    expect(ok.status).toBe(204);
    expect(await (await call(h, 'GET', 'state/s/key1')).json()).toBe('myData');
    expect((await call(h, 'GET', 'state/s/old')).status).toBe(204);
    const refused = await call(h, 'POST', 'state/s/transaction', JSON.stringify({
      operations: [
        { operation: 'delete', request: { key: 'key1' } },
        { operation: 'upsert', request: { key: 'key2', value: 2, etag: 'wrong' } },
      ],
    }));
    expect(refused.status).toBe(409);
    expect((await refused.json()).errorCode).toBe('ERR_STATE_TRANSACTION');
    expect(await rows()).toBe(1);
  });

  it('bad input is a clear 400/413 JSON error and writes nothing', async () => {
    const h = await open(kind);
    const cases: [string, string | undefined, number, string, RegExp][] = [
      ['POST', '{"key":"k","value":1}', 400, 'ERR_MALFORMED_REQUEST', /must be a JSON array of state items/],
      ['POST', '[{"key":"k","value":', 400, 'ERR_MALFORMED_REQUEST', /not valid JSON/],
      ['POST', undefined, 400, 'ERR_MALFORMED_REQUEST', /request body is empty/],
      ['POST', '[{"value":1}]', 400, 'ERR_MALFORMED_REQUEST', /0\.key: Invalid input: expected string/],
      ['POST', '[{"key":"ok","value":1},{"key":"","value":1}]', 400, 'ERR_MALFORMED_REQUEST', /non-empty key/],
      ['POST', '[{"key":"a||b","value":1}]', 400, 'ERR_MALFORMED_REQUEST', /contains '\|\|'/],
      ['POST', '[{"key":"k"}]', 400, 'ERR_MALFORMED_REQUEST', /item 0 \(key 'k'\) has no value/],
      ['POST', '[{"key":"k","value":1,"etag":7}]', 400, 'ERR_MALFORMED_REQUEST', /0\.etag/],
      ['POST', '[{"key":"k","value":1,"options":{"concurrency":"first"}}]', 400, 'ERR_MALFORMED_REQUEST', /0\.options\.concurrency/],
      ['POST', `[{"key":"ok","value":1},{"key":"big","value":"${'x'.repeat(MAX_VALUE)}"}]`, 413, 'ERR_PAYLOAD_TOO_LARGE', /value of key 'big' is 4098 bytes; the limit is 4096 bytes/],
      ['POST', `[{"key":"k","value":"${'x'.repeat(5 * MAX_VALUE + 20_000)}"}]`, 413, 'ERR_PAYLOAD_TOO_LARGE', /request body is/],
    ];
    for (const [method, body, status, errorCode, message] of cases) {
      const response = await call(h, method, 'state/s', body);
      const answer = await response.json();
      expect({ body: body?.slice(0, 60), status: response.status, errorCode: answer.errorCode }).toEqual({ body: body?.slice(0, 60), status, errorCode });
      expect(answer.message).toMatch(message);
    }
    const bulk = await call(h, 'POST', 'state/s/bulk', '{"keys":"a"}');
    expect([bulk.status, (await bulk.json()).message]).toEqual([400, expect.stringMatching(/keys: Invalid input: expected array/)]);
    const del = await call(h, 'DELETE', 'state/s/k?concurrency=sometimes');
    expect([del.status, (await del.json()).message]).toEqual([400, expect.stringMatching(/invalid concurrency query parameter: Invalid option/)]);
    const tx = await call(h, 'POST', 'state/s/transaction', '{"operations":[{"operation":"merge","request":{"key":"k"}}]}');
    expect(tx.status).toBe(400);
    expect(await rows()).toBe(0);
  });

  it('unknown paths are 404 and wrong methods 405 with an Allow header', async () => {
    const h = await open(kind);
    const notFound = await call(h, 'GET', 'state');
    expect([notFound.status, (await notFound.json()).errorCode]).toEqual([404, 'ERR_NOT_FOUND']);
    expect((await call(h, 'GET', 'state/s/k/extra')).status).toBe(404);
    const getStore = await call(h, 'GET', 'state/s');
    expect([getStore.status, getStore.headers.get('allow')]).toEqual([405, 'POST, PUT']);
    const patchKey = await call(h, 'PATCH', 'state/s/k', '{}');
    expect([patchKey.status, patchKey.headers.get('allow')]).toEqual([405, 'GET, DELETE']);
  });

  it('requires the API token when one is configured', async () => {
    const h = await open(kind);
    process.env.WORKFLOW_API_TOKEN = 'sesame';
    const refused = await save(h, 's', [{ key: 'k', value: 1 }]);
    expect([refused.status, (await refused.json()).errorCode]).toEqual([401, 'ERR_UNAUTHORIZED']);
    expect(await rows()).toBe(0);
    const allowed = await call(h, 'POST', 'state/s', '[{"key":"k","value":1}]', { 'dapr-api-token': 'sesame' });
    expect(allowed.status).toBe(204);
  });
});

describe('HTTP state API with the database down', () => {
  it('answers 503 ERR_DATABASE_UNAVAILABLE without internals', async () => {
    const unreachable = createPrismaClient('postgresql://flowdeck:secret@127.0.0.1:1/none');
    try {
      const state = createStateStore(unreachable, { maxValueBytes: MAX_VALUE });
      const h = createDaprStateHandler(async () => ({ state, maxValueBytes: MAX_VALUE }));
      for (const response of [await call(h, 'GET', 'state/s/k'), await save(h, 's', [{ key: 'k', value: 1 }])]) {
        const text = await response.text();
        expect(response.status).toBe(503);
        expect(JSON.parse(text).errorCode).toBe('ERR_DATABASE_UNAVAILABLE');
        expect(text).not.toMatch(/secret|127\.0\.0\.1|ECONNREFUSED|at /);
      }
    } finally {
      await unreachable.$disconnect();
    }
  });
});
