// The gRPC state calls of dapr.proto.runtime.v1.Dapr on a real grpc-js server over real databases: raw calls in the
// shapes the Python SDK sends (DaprClient.save_state / get_state), and the @dapr/dapr DaprClient in gRPC mode.
import * as grpc from '@grpc/grpc-js';
import { CommunicationProtocolEnum, DaprClient, StateConcurrencyEnum, StateConsistencyEnum } from '@dapr/dapr';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowRuntime } from '@/lib/engine';
import { createEngineLog } from '@/lib/engine/logs';
import type { EngineHost } from '@/lib/server/engine-host';
import { daprRuntimeHandlers } from '@/lib/sidecar/dapr-runtime-calls';
import { daprStateHandlers } from '@/lib/sidecar/dapr-state-grpc';
import { completeService } from '@/lib/sidecar/grpc-calls';
import { loadSidecarProtocol } from '@/lib/sidecar/protocol';
import { createDatabaseStore } from '@/lib/store/database-store';
import { createPrismaInventory } from '@/lib/workflows/prisma-inventory';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const MAX_VALUE = 4096;

/** A grpc-js server serving the state handlers (and the runtime API's GetMetadata, which SDKs probe) on a free port. */
interface StateServer {
  port: number;
  db: TestDatabase;
  call<T = Record<string, unknown>>(method: string, request: object): Promise<{ ok: true; response: T } | { ok: false; code: number; details: string; errorCode?: string }>;
  stop(): Promise<void>;
}

let server: StateServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function startServer(kind: 'sqlite' | 'postgresql'): Promise<StateServer> {
  const db = await createTestDatabase(kind);
  const store = createDatabaseStore(db.prisma, kind);
  const runtime = new WorkflowRuntime({ store, maxPayloadBytes: MAX_VALUE });
  const host: EngineHost = { runtime, client: runtime.client(), store, registry: runtime.registry, inventory: createPrismaInventory(db.prisma), prisma: db.prisma };
  const protocol = loadSidecarProtocol();
  const closing = new AbortController();
  const runtimeCalls = daprRuntimeHandlers({ engineHost: async () => host, log: createEngineLog(), closing: closing.signal }, () => 0);
  const handlers = { GetMetadata: runtimeCalls.GetMetadata, ...daprStateHandlers(async () => host) };
  const grpcServer = new grpc.Server();
  grpcServer.addService(protocol.dapr, completeService(protocol.dapr, handlers, { serviceName: 'dapr.proto.runtime.v1.Dapr' }));
  const port = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const Client = grpc.makeClientConstructor(protocol.dapr, 'Dapr');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, (req: object, cb: grpc.requestCallback<unknown>) => void>;
  return {
    port,
    db,
    call: (method, request) =>
      new Promise((resolve) =>
        client[method].call(client, request, (error: grpc.ServiceError | null, response: unknown) =>
          resolve(error ? { ok: false, code: error.code, details: error.details, errorCode: error.metadata.get('error-code')[0]?.toString() } : { ok: true, response: response as never }),
        ),
      ),
    async stop() {
      client.close();
      closing.abort();
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
      await store.close();
      await db.dispose();
    },
  };
}

type StateValue = { data: Buffer; etag: string };

describe.each(availableDatabases())('gRPC state calls on %s', (kind) => {
  it("the Python quickstart's inventory: save_state of a JSON string, get_state returns the same bytes and an ETag", async () => {
    server = await startServer(kind);
    const item = '{"name": "cars", "quantity": 100,                          "per_item_cost": 15000}';
    const saved = await server.call('SaveState', { storeName: 'statestore-actors', states: [{ key: 'cars', value: Buffer.from(item), metadata: {} }] });
    expect(saved.ok).toBe(true);
    const got = await server.call<StateValue>('GetState', { storeName: 'statestore-actors', key: 'cars', metadata: {} });
    expect(got.ok && got.response.data.toString()).toBe(item);
    expect(got.ok && got.response.etag).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await server.call<StateValue>('GetState', { storeName: 'statestore-actors', key: 'boats' });
    expect(missing.ok && [missing.response.data.length, missing.response.etag]).toEqual([0, '']);
  });

  it('ETags: a stale one is ABORTED with ERR_STATE_SAVE / ERR_STATE_DELETE and writes nothing; first-write needs it', async () => {
    server = await startServer(kind);
    await server.call('SaveState', { storeName: 's', states: [{ key: 'k', value: Buffer.from('1') }] });
    const first = (await server.call<StateValue>('GetState', { storeName: 's', key: 'k' })) as { ok: true; response: StateValue };
    const etag = first.response.etag;
    expect((await server.call('SaveState', { storeName: 's', states: [{ key: 'k', value: Buffer.from('2'), etag: { value: etag } }] })).ok).toBe(true);
    const stale = await server.call('SaveState', { storeName: 's', states: [{ key: 'k', value: Buffer.from('3'), etag: { value: etag } }] });
    expect(stale).toMatchObject({ ok: false, code: grpc.status.ABORTED, errorCode: 'ERR_STATE_SAVE', details: expect.stringContaining('possible etag mismatch') });
    const overwrite = await server.call('SaveState', { storeName: 's', states: [{ key: 'k', value: Buffer.from('4'), options: { concurrency: 'CONCURRENCY_FIRST_WRITE' } }] });
    expect(overwrite).toMatchObject({ ok: false, code: grpc.status.ABORTED });
    const staleDelete = await server.call('DeleteState', { storeName: 's', key: 'k', etag: { value: etag } });
    expect(staleDelete).toMatchObject({ ok: false, code: grpc.status.ABORTED, errorCode: 'ERR_STATE_DELETE' });
    const now = (await server.call<StateValue>('GetState', { storeName: 's', key: 'k' })) as { ok: true; response: StateValue };
    expect(now.response.data.toString()).toBe('2');
    expect((await server.call('DeleteState', { storeName: 's', key: 'k', etag: { value: now.response.etag } })).ok).toBe(true);
    expect(await server.db.prisma.stateEntry.count()).toBe(0);
  });

  it('GetBulkState answers every key asked, in order; DeleteBulkState and ExecuteStateTransaction apply all or nothing', async () => {
    server = await startServer(kind);
    await server.call('SaveState', { storeName: 's', states: ['a', 'b', 'c'].map((key) => ({ key, value: Buffer.from(key.toUpperCase()) })) });
    const bulk = await server.call<{ items: (StateValue & { key: string })[] }>('GetBulkState', { storeName: 's', keys: ['c', 'x', 'a'], parallelism: 2 });
    expect(bulk.ok && bulk.response.items.map((i) => [i.key, i.data.toString(), i.etag.length > 0])).toEqual([['c', 'C', true], ['x', '', false], ['a', 'A', true]]);
    const refused = await server.call('ExecuteStateTransaction', {
      storeName: 's',
      operations: [
        { operationType: 'delete', request: { key: 'a' } },
        { operationType: 'upsert', request: { key: 'd', value: Buffer.from('D'), etag: { value: 'wrong' } } },
      ],
    });
    expect(refused).toMatchObject({ ok: false, code: grpc.status.ABORTED, errorCode: 'ERR_STATE_TRANSACTION' });
    expect(await server.db.prisma.stateEntry.count()).toBe(3);
    expect((await server.call('ExecuteStateTransaction', { storeName: 's', operations: [{ operationType: 'upsert', request: { key: 'd', value: Buffer.from('D') } }, { operationType: 'delete', request: { key: 'a' } }] })).ok).toBe(true);
    expect((await server.call('DeleteBulkState', { storeName: 's', states: [{ key: 'b' }, { key: 'c' }] })).ok).toBe(true);
    expect((await server.db.prisma.stateEntry.findMany()).map((r) => r.key)).toEqual(['d']);
  });

  it('bad input is INVALID_ARGUMENT with a clear message and writes nothing', async () => {
    server = await startServer(kind);
    const cases: [string, object, RegExp][] = [
      ['SaveState', { storeName: '', states: [{ key: 'k', value: Buffer.from('1') }] }, /no state store name/],
      ['SaveState', { storeName: 's', states: [{ key: 'ok', value: Buffer.from('1') }, { key: '', value: Buffer.from('1') }] }, /non-empty key/],
      ['SaveState', { storeName: 's', states: [{ key: 'big', value: Buffer.alloc(MAX_VALUE + 1) }] }, /the limit is 4096 bytes/],
      ['GetState', { storeName: 's', key: '' }, /non-empty key/],
      ['DeleteState', { storeName: 's', key: 'a||b' }, /'\|\|'/],
      ['ExecuteStateTransaction', { storeName: 's', operations: [{ operationType: 'merge', request: { key: 'k' } }] }, /use 'upsert' or 'delete'/],
    ];
    for (const [method, request, message] of cases) {
      const result = await server.call(method, request);
      expect(result).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(message) });
    }
    expect(await server.db.prisma.stateEntry.count()).toBe(0);
  });

  it('the @dapr/dapr DaprClient over gRPC: save, get, bulk get, delete with an ETag, transaction', async () => {
    server = await startServer(kind);
    const client = new DaprClient({ daprHost: '127.0.0.1', daprPort: String(server.port), communicationProtocol: CommunicationProtocolEnum.GRPC });
    try {
      await client.state.save('inventory', [
        { key: 'order', value: { item: 'paperclips', quantity: 3 } },
        { key: 'note', value: 'plain text' },
      ]);
      expect(await client.state.get('inventory', 'order')).toEqual({ item: 'paperclips', quantity: 3 });
      expect(await client.state.get('inventory', 'note')).toBe('plain text');
      const bulk = await client.state.getBulk('inventory', ['note', 'order']);
      expect(bulk.map((i) => [i.key, i.data])).toEqual([['note', 'plain text'], ['order', { item: 'paperclips', quantity: 3 }]]);
      const etag = (bulk[1] as { etag: string }).etag;
      await expect(client.state.save('inventory', [{ key: 'order', value: { quantity: 0 }, etag: 'stale', options: { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE, consistency: StateConsistencyEnum.CONSISTENCY_STRONG } }])).rejects.toThrow();
      await client.state.delete('inventory', 'order', { etag });
      expect(await client.state.get('inventory', 'order')).toBe('');
      await client.state.transaction('inventory', [
        { operation: 'upsert', request: { key: 'tx', value: 'in a transaction' } },
        { operation: 'delete', request: { key: 'note' } },
      ]);
      expect((await server.db.prisma.stateEntry.findMany()).map((r) => [r.key, Buffer.from(r.value).toString()])).toEqual([['tx', 'in a transaction']]);
    } finally {
      await client.stop();
    }
  });
});
