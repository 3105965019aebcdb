// GET /api/workers: the workers recording heartbeats on the database, live or not, behind the API token.
import { hostname } from 'node:os';
import { afterEach, expect, test } from 'vitest';
import { WorkflowRuntime } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { bindRoute } from '@/lib/api/route';
import { listWorkersHandler, type WorkerListResponse } from '@/lib/api/worker-handlers';
import { createDatabaseStore } from '@/lib/store/database-store';
import { MemoryInventory } from '@/lib/workflows';
import { createTestDatabase, type TestDatabase } from '../support/databases';

let db: TestDatabase | undefined;
let runtime: WorkflowRuntime | undefined;
const savedToken = process.env.WORKFLOW_API_TOKEN;
afterEach(async () => {
  await runtime?.stop();
  await db?.dispose();
  if (savedToken === undefined) delete process.env.WORKFLOW_API_TOKEN;
  else process.env.WORKFLOW_API_TOKEN = savedToken;
});

test('GET /api/workers lists the running worker as live and a silent one as not; it needs the API token', async () => {
  db = await createTestDatabase('sqlite');
  const store = createDatabaseStore(db.prisma, 'sqlite');
  runtime = new WorkflowRuntime({ store, log: () => undefined, workerGraceMs: 60_000 });
  await runtime.start();
  const longAgo = new Date(Date.now() - 60_000);
  await store.recordHeartbeat({ workerId: 'zz-silent', host: 'elsewhere', pid: 12, startedAt: longAgo, lastSeenAt: longAgo });
  const ctx = { store, client: runtime.client(), registry: runtime.registry, inventory: new MemoryInventory(), maxPayloadBytes: 1024, dialect: 'sqlite', pingDatabase: async () => undefined } satisfies ApiContext;
  const get = (headers: Record<string, string> = {}) =>
    bindRoute(async () => ctx, listWorkersHandler)(new Request('http://localhost/api/workers', { headers }), { params: Promise.resolve({}) });

  process.env.WORKFLOW_API_TOKEN = 'sesame';
  const refused = await get();
  expect([refused.status, (await refused.json()).errorCode]).toEqual([401, 'ERR_UNAUTHORIZED']);

  const response = await get({ 'dapr-api-token': 'sesame' });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as WorkerListResponse;
  expect(body.graceMs).toBe(5_000);
  const byId = new Map(body.workers.map((w) => [w.workerId, w]));
  expect(body.workers.map((w) => w.workerId)).toEqual([...byId.keys()].sort());
  expect(byId.get(runtime.options.workerId)).toEqual({
    workerId: runtime.options.workerId,
    host: hostname(),
    pid: process.pid,
    startedAt: expect.any(String),
    lastSeenAt: expect.any(String),
    live: true,
  });
  expect(byId.get('zz-silent')).toEqual({ workerId: 'zz-silent', host: 'elsewhere', pid: 12, startedAt: longAgo.toISOString(), lastSeenAt: longAgo.toISOString(), live: false });
  expect(byId.size).toBe(2);
  await runtime.stop();
  runtime = undefined;
  await store.close();
});
