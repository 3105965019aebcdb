// The @dapr/dapr DaprClient in HTTP mode against the HTTP state handler, served by a real HTTP server on real
// databases (the server answers the SDK's sidecar probe, GET /v1.0/metadata, with an empty description).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommunicationProtocolEnum, DaprClient, StateConcurrencyEnum, StateConsistencyEnum } from '@dapr/dapr';
import { afterEach, describe, expect, it } from 'vitest';
import { createDaprStateHandler } from '@/lib/api/dapr-state-http';
import { createStateStore } from '@/lib/state/state-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

let db: TestDatabase | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await db?.dispose();
  server = undefined;
  db = undefined;
});

/** Serves /v1.0/state/** through the handler on `db`; returns the port. */
async function serve(kind: 'sqlite' | 'postgresql'): Promise<number> {
  db = await createTestDatabase(kind);
  const state = createStateStore(db.prisma, { maxValueBytes: 64 * 1024 });
  const handler = createDaprStateHandler(async () => ({ state, maxValueBytes: 64 * 1024 }));
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').slice(2).map(decodeURIComponent);
    const response =
      segments[0] === 'metadata'
        ? Response.json({ id: 'test', components: [] })
        : await handler(new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined }), segments);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe.each(availableDatabases())('the @dapr/dapr HTTP DaprClient on %s', (kind) => {
  it('saves, reads, bulk-reads, deletes with an ETag and runs a transaction', async () => {
    const port = await serve(kind);
    const client = new DaprClient({ daprHost: '127.0.0.1', daprPort: String(port), communicationProtocol: CommunicationProtocolEnum.HTTP });
    try {
      await client.state.save('inventory', [
        { key: 'cars', value: { name: 'Cars', quantity: 100 } },
        { key: 'note', value: 'hello' },
      ]);
      expect(await client.state.get('inventory', 'cars')).toEqual({ name: 'Cars', quantity: 100 });
      expect(await client.state.get('inventory', 'note')).toBe('hello');
      expect(await client.state.get('inventory', 'boats')).toBe('');
      const bulk = (await client.state.getBulk('inventory', ['cars', 'note'])) as { key: string; data: unknown; etag: string }[];
      expect(bulk.map((i) => [i.key, i.data])).toEqual([['cars', { name: 'Cars', quantity: 100 }], ['note', 'hello']]);
      const firstWrite = { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE, consistency: StateConsistencyEnum.CONSISTENCY_STRONG };
      const stale = await client.state.save('inventory', [{ key: 'cars', value: { quantity: 0 }, etag: 'stale', options: firstWrite }]);
      expect(String((stale as { error?: unknown }).error)).toContain('409');
      await client.state.save('inventory', [{ key: 'cars', value: { name: 'Cars', quantity: 90 }, etag: bulk[0].etag, options: firstWrite }]);
      expect(await client.state.get('inventory', 'cars')).toEqual({ name: 'Cars', quantity: 90 });
      const wrongDelete = await client.state.delete('inventory', 'note', { etag: 'stale', concurrency: firstWrite.concurrency, consistency: firstWrite.consistency });
      expect(String((wrongDelete as { error?: unknown }).error)).toContain('ERR_STATE_DELETE');
      await client.state.delete('inventory', 'note', { etag: bulk[1].etag, concurrency: firstWrite.concurrency, consistency: firstWrite.consistency });
      await client.state.transaction('inventory', [
        { operation: 'upsert', request: { key: 'boats', value: { quantity: 5 } } },
        { operation: 'delete', request: { key: 'cars' } },
      ]);
      const rows = await db!.prisma.stateEntry.findMany();
      expect(rows.map((r) => [r.key, Buffer.from(r.value).toString()])).toEqual([['boats', '{"quantity":5}']]);
    } finally {
      await client.stop();
    }
  });
});
