// The audit trail on real SQLite and PostgreSQL, through the routes as their files bind them: an operator token's
// start and pause are recorded with who, where, the reason and the outcome, and the pause's history event names the
// actor; a viewer's refused pause is recorded as refused with nothing changed; purging an instance keeps its
// entries; the filters, paging totals and export read them; nothing in the code can change or delete one.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { keepAuthStoresIn } from '@/lib/api/auth';
import { bulkHandler, instanceActionHandler } from '@/lib/api/instance-handlers';
import { bindRoute, type ApiHandler } from '@/lib/api/route';
import { startWorkflowHandler } from '@/lib/api/workflow-handlers';
import { createApiTokens, type ApiTokens } from '@/lib/auth/api-tokens';
import { MemorySessionStore } from '@/lib/auth/session-store';
import { keepAuditLogIn, recordAudit } from '@/lib/audit/audit-log';
import { exportAuditHandler, listAuditHandler } from '@/lib/audit/audit-handlers';
import { createAuditLog, type AuditLog } from '@/lib/audit/prisma-audit-log';
import type { WorkflowStore } from '@/lib/engine/store';
import { createDatabaseStore } from '@/lib/store/database-store';
import { MemoryInventory } from '@/lib/workflows';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

describe.each(availableDatabases())('audit trail on %s', (kind) => {
  let db: TestDatabase;
  let store: WorkflowStore;
  let runtime: WorkflowRuntime;
  let ctx: ApiContext;
  let audit: AuditLog;
  let tokens: ApiTokens;
  let operator: string;
  let viewer: string;

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    store = createDatabaseStore(db.prisma, kind);
    runtime = new WorkflowRuntime({ store, pollIntervalMs: 20, log: () => undefined });
    runtime.registerWorkflowWithName('Wait', function* (c: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
      return yield c.waitForExternalEvent('go');
    });
    await runtime.start();
    audit = createAuditLog(db.prisma, store);
    keepAuditLogIn(audit);
    tokens = createApiTokens(db.prisma);
    // No machine token and a non-loopback address: only the tokens made here are let in.
    keepAuthStoresIn({ sessions: async () => new MemorySessionStore(), people: async () => undefined, apiTokens: async () => tokens });
    process.env.FLOWDECK_BIND_HOST = '0.0.0.0';
    operator = (await tokens.create({ name: 'ops', role: 'operator', createdBy: 'test' })).token;
    viewer = (await tokens.create({ name: 'watcher', role: 'viewer', createdBy: 'test' })).token;
    ctx = { client: runtime.client(), store, registry: runtime.registry, inventory: new MemoryInventory(), maxPayloadBytes: 64 * 1024, dialect: kind, pingDatabase: async () => undefined, audit };
  });

  afterEach(async () => {
    delete process.env.FLOWDECK_BIND_HOST;
    keepAuditLogIn(undefined);
    await runtime.stop();
    await store.close();
    await db.dispose();
  });

  async function call<P>(handler: ApiHandler<P>, params: P, method: string, url: string, token: string, body?: unknown, role?: 'operator' | 'approver'): Promise<Response> {
    const request = new Request(`http://localhost${url}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'dapr-api-token': token, 'x-forwarded-for': '10.1.2.3' } });
    return bindRoute(async () => ctx, handler, role ? { role } : {})(request, { params: Promise.resolve(params) });
  }
  const start = (id: string) => call(startWorkflowHandler, { name: 'Wait' }, 'POST', '/api/workflows/Wait/start', operator, { instanceId: id, input: { order: 7 } });
  const act = (id: string, action: string, token: string, body?: unknown) =>
    call(instanceActionHandler, { id, action }, 'POST', `/api/instances/${id}/${action}`, token, body, 'approver');
  const list = async (query: string) => (await (await call(listAuditHandler, {}, 'GET', `/api/audit?${query}`, operator)).json()) as { entries: Record<string, unknown>[]; total: number };

  test('a start and a pause with a reason are recorded with who, where and the outcome; the pause event names its actor', async () => {
    expect((await start('a-1')).status).toBe(202);
    await runtime.client().waitForWorkflowStart('a-1');
    expect((await act('a-1', 'pause', operator, { reason: 'checking stock' })).status).toBe(202);
    await expect.poll(async () => (await store.getInstance('a-1'))?.status).toBe('SUSPENDED');
    const { entries, total } = await list('instanceId=a-1');
    expect(total).toBe(2);
    const tokenId = (await tokens.list()).find((t) => t.name === 'ops')!.id;
    expect(entries[0]).toMatchObject({ action: 'instance.pause', actorKind: 'token', actorName: "API token 'ops'", actorId: tokenId, address: '10.1.2.3', reason: 'checking stock', outcome: 'ok', status: 202 });
    expect(entries[1]).toMatchObject({ action: 'instance.start', target: 'Wait', instanceId: 'a-1', outcome: 'ok', payloadHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(entries[1].payload).toBeUndefined();
    const history = await store.getHistory('a-1');
    expect(history.find((e) => e.kind === 'ExecutionSuspended')).toMatchObject({ reason: 'checking stock', actor: { kind: 'token', name: "API token 'ops'" } });
    expect(history.find((e) => e.kind === 'ExecutionStarted')).toMatchObject({ actor: { kind: 'token', name: "API token 'ops'" } });
  });

  test("a viewer's pause is refused (403), recorded as refused, and changes nothing", async () => {
    await start('a-2');
    await runtime.client().waitForWorkflowStart('a-2');
    const refused = await act('a-2', 'pause', viewer, { reason: 'just looking' });
    expect(refused.status).toBe(403);
    expect((await store.getInstance('a-2'))?.status).toBe('RUNNING');
    const { entries } = await list('action=instance.pause');
    expect(entries).toEqual([expect.objectContaining({ actorName: "API token 'watcher'", instanceId: 'a-2', outcome: 'refused', status: 403, code: 'ERR_FORBIDDEN', reason: 'just looking' })]);
    const wrong = await act('a-2', 'pause', 'fdk_not-a-token');
    expect(wrong.status).toBe(401);
    expect((await list('actor=anonymous')).entries).toEqual([expect.objectContaining({ actorKind: 'anonymous', outcome: 'refused', status: 401 })]);
  });

  test("purging an instance keeps its entries; filters, paging totals and the export read them", async () => {
    await start('a-3');
    await runtime.client().waitForWorkflowStart('a-3');
    await act('a-3', 'terminate', operator, { reason: 'duplicate order' });
    await runtime.client().waitForWorkflowCompletion('a-3');
    expect((await store.getHistory('a-3')).find((e) => e.kind === 'ExecutionTerminated')).toMatchObject({ reason: 'duplicate order', actor: { name: "API token 'ops'" } });
    expect((await act('a-3', 'purge', operator)).status).toBe(202);
    expect(await store.getInstance('a-3')).toBeUndefined();
    const kept = await list('instanceId=a-3');
    expect(kept.entries.map((e) => e.action)).toEqual(['instance.purge', 'instance.terminate', 'instance.start']);
    expect((await list('instanceId=a-3&action=instance.*&pageSize=2&page=2'))).toMatchObject({ total: 3, entries: [expect.objectContaining({ action: 'instance.start' })] });
    expect((await list(`actor=${encodeURIComponent("API token 'ops'")}&from=${new Date(Date.now() + 60_000).toISOString()}`)).total).toBe(0);
    // Rows written in the store's group commit keep times the Prisma reads compare and answer alike.
    const window = await list(`instanceId=a-3&from=${new Date(Date.now() - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(window.total).toBe(3);
    expect(Math.abs(Date.parse(String(window.entries[0].at)) - Date.now())).toBeLessThan(60_000);
    const bad = await call(listAuditHandler, {}, 'GET', '/api/audit?from=yesterday', operator);
    expect([bad.status, ((await bad.json()) as { message: string }).message]).toEqual([400, expect.stringContaining("'yesterday' is not a time")]);
    const csv = await (await call(exportAuditHandler, {}, 'GET', '/api/audit/export?format=csv&instanceId=a-3', operator)).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(csv).toContain('duplicate order');
    const json = JSON.parse(await (await call(exportAuditHandler, {}, 'GET', '/api/audit/export?format=json&instanceId=a-3', operator)).text()) as unknown[];
    expect(json).toHaveLength(3);
  });

  test('a bulk job is one entry for the job and one per instance, each with its own outcome', async () => {
    await start('b-1');
    await runtime.client().waitForWorkflowStart('b-1');
    const tooLong = await call(bulkHandler, { id: 'bulk' }, 'POST', '/api/instances/bulk', operator, { action: 'pause', instanceIds: ['b-1'], reason: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect((await store.getHistory('b-1')).some((e) => e.kind === 'ExecutionSuspended')).toBe(false);
    const bulk = await call(bulkHandler, { id: 'bulk' }, 'POST', '/api/instances/bulk', operator, { action: 'pause', instanceIds: ['b-1', 'b-missing'], reason: 'maintenance window' });
    expect(bulk.status).toBe(200);
    expect((await list('action=bulk.pause')).entries.map((e) => [e.instanceId, e.outcome, e.code, e.reason])).toEqual(
      expect.arrayContaining([[undefined, 'refused', 'ERR_MALFORMED_REQUEST', expect.any(String)], [undefined, 'ok', undefined, 'maintenance window'], ['b-1', 'ok', undefined, 'maintenance window'], ['b-missing', 'refused', 'ERR_INSTANCE_ID_NOT_FOUND', 'maintenance window']]),
    );
    expect((await list('instanceId=b-1&action=bulk.*')).total).toBe(1);
    const suspended = (await store.getHistory('b-1')).find((e) => e.kind === 'ExecutionSuspended');
    expect(suspended).toMatchObject({ reason: 'maintenance window' });
  });

  test('a viewer may not read the audit trail (403); recording into a broken log never fails the caller', async () => {
    const refused = await call(listAuditHandler, {}, 'GET', '/api/audit', viewer, undefined, 'operator');
    expect(refused.status).toBe(403);
    keepAuditLogIn({ append: async () => Promise.reject(new Error('disk full')) });
    await expect(recordAudit({ action: 'instance.pause', actor: { kind: 'system', name: 'Flowdeck' }, outcome: 'ok' })).resolves.toBeUndefined();
  });
});

describe('the audit table is append-only', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const sources = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(rel);
      return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [rel] : [];
    });

  test('no code updates or deletes an entry, and the audit routes serve GET only', () => {
    const writers = sources('lib').concat(sources('app')).filter((file) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      return /auditEntry\.(update|updateMany|upsert|delete|deleteMany)\b/.test(text) || /(UPDATE|DELETE FROM)\s+"?AuditEntry/i.test(text);
    });
    expect(writers).toEqual([]);
    for (const file of ['app/api/audit/route.ts', 'app/api/audit/export/route.ts']) {
      expect(fs.readFileSync(path.join(root, file), 'utf8')).toMatch(/routes\(\{ GET: route\([^)]*\) \}\)/);
    }
  });
});
