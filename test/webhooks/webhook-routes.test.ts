// The /api/webhooks routes on real SQLite and PostgreSQL, called with API tokens of each role: admins list, add and
// remove webhooks and read deliveries; viewers and operators get 403 and change nothing; bad URLs get a 400 that
// says what is wrong and write nothing.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { keepAuthStoresIn } from '@/lib/api/auth';
import { bindRoute, type ApiHandler } from '@/lib/api/route';
import type { ApiContext } from '@/lib/api/context';
import { createApiTokens } from '@/lib/auth/api-tokens';
import type { Role } from '@/lib/auth/roles';
import { queueApprovalNotice } from '@/lib/webhooks/approval-notices';
import { WEBHOOK_ROUTE_ROLE, webhookHandlers } from '@/lib/webhooks/webhook-handlers';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { noticeOf } from './fixtures';

const ctx = { maxPayloadBytes: 64 * 1024 } as ApiContext;

describe.each(availableDatabases())('/api/webhooks on %s', (kind) => {
  let db: TestDatabase;
  let tokenOf: Record<Role, string>;
  let handlers: ReturnType<typeof webhookHandlers>;

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    vi.stubEnv('WORKFLOW_API_TOKEN', '');
    vi.stubEnv('DAPR_API_TOKEN', '');
    vi.stubEnv('FLOWDECK_APPROVAL_WEBHOOK_URL', 'https://hooks.slack.com/services/T000/B000/secretpart');
    const tokens = createApiTokens(db.prisma);
    keepAuthStoresIn({ sessions: async () => undefined, people: async () => undefined, apiTokens: async () => tokens });
    tokenOf = {} as Record<Role, string>;
    for (const role of ['viewer', 'approver', 'operator', 'admin'] as const) tokenOf[role] = (await tokens.create({ name: role, role, createdBy: 'test' })).token;
    handlers = webhookHandlers(async () => db.prisma);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await db.dispose();
  });

  async function call<P>(handler: ApiHandler<P>, role: Role, method: string, path: string, options: { body?: unknown; params?: P } = {}) {
    const request = new Request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${tokenOf[role]}`, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const response = await bindRoute(async () => ctx, handler, { role: WEBHOOK_ROUTE_ROLE })(request, { params: Promise.resolve((options.params ?? {}) as P) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const rows = async () => ({ webhooks: await db.prisma.approvalWebhook.count(), deliveries: await db.prisma.webhookDelivery.count() });

  test('an admin adds, lists and removes webhooks; the global URL is shown without its secret part', async () => {
    const added = await call(handlers.create, 'admin', 'POST', '/api/webhooks', { body: { url: 'https://hooks.example.com/po', workflowName: 'PurchaseOrderWorkflow', description: 'PO channel' } });
    expect(added).toMatchObject({ status: 201, body: { url: 'https://hooks.example.com/po', workflowName: 'PurchaseOrderWorkflow', description: 'PO channel', createdBy: "API token 'admin'" } });
    const all = await call(handlers.create, 'admin', 'POST', '/api/webhooks', { body: { url: 'http://10.0.0.5:8080/hook', workflowName: null } });
    expect(all.status).toBe(201);
    expect(all.body.workflowName).toBeUndefined();
    const listed = await call(handlers.list, 'admin', 'GET', '/api/webhooks');
    expect(listed.status).toBe(200);
    expect((listed.body.webhooks as { url: string }[]).map((w) => w.url)).toEqual(['https://hooks.example.com/po', 'http://10.0.0.5:8080/hook']);
    expect(listed.body.global).toEqual({ url: 'https://hooks.slack.com/services/…', valid: true });
    expect(JSON.stringify(listed.body)).not.toContain('secretpart');
    const removed = await call(handlers.remove, 'admin', 'DELETE', `/api/webhooks/${String(added.body.id)}`, { params: { id: String(added.body.id) } });
    expect(removed).toEqual({ status: 200, body: { id: added.body.id, removed: true } });
    const again = await call(handlers.remove, 'admin', 'DELETE', `/api/webhooks/${String(added.body.id)}`, { params: { id: String(added.body.id) } });
    expect(again.status).toBe(404);
    expect((await rows()).webhooks).toBe(1);
  });

  test.each([
    [{ url: 'ftp://files.example.com/hook' }, 'url: must be http or https, not ftp'],
    [{ url: 'hooks.example.com/x' }, "url: 'hooks.example.com/x' is not an absolute URL"],
    [{ url: '' }, 'url: must not be empty'],
    [{ url: 'https://user:pw@hooks.example.com/x' }, 'url: must not carry a user name or password'],
    [{ url: 'https://hooks.example.com/a b' }, 'url: must not contain spaces'],
    [{ url: 'javascript:alert(1)' }, 'url: must be http or https, not javascript'],
    [{ workflowName: 'X' }, 'url:'],
    [{ url: 'https://hooks.example.com/x', secret: 'no' }, 'secret'],
    ['{not json', 'JSON'],
  ])('a bad body %j is refused with 400 naming the problem, and nothing is written', async (body, problem) => {
    const refused = await call(handlers.create, 'admin', 'POST', '/api/webhooks', { body });
    expect(refused.status).toBe(400);
    expect(refused.body.errorCode).toBe('ERR_MALFORMED_REQUEST');
    expect(String(refused.body.message)).toContain(problem);
    expect(await rows()).toEqual({ webhooks: 0, deliveries: 0 });
  });

  test.each(['viewer', 'approver', 'operator'] as const)('a %s token gets 403 on every /api/webhooks route and changes nothing', async (role) => {
    const existing = await call(handlers.create, 'admin', 'POST', '/api/webhooks', { body: { url: 'https://hooks.example.com/x' } });
    const id = String(existing.body.id);
    const refusals = [
      await call(handlers.list, role, 'GET', '/api/webhooks'),
      await call(handlers.create, role, 'POST', '/api/webhooks', { body: { url: 'https://evil.example.com/x' } }),
      await call(handlers.remove, role, 'DELETE', `/api/webhooks/${id}`, { params: { id } }),
      await call(handlers.deliveries, role, 'GET', '/api/webhooks/deliveries'),
    ];
    expect(refusals.map((r) => [r.status, r.body.errorCode])).toEqual(Array(4).fill([403, 'ERR_FORBIDDEN']));
    expect(String(refusals[0].body.message)).toContain('needs the admin role');
    expect((await db.prisma.approvalWebhook.findMany()).map((w) => w.url)).toEqual(['https://hooks.example.com/x']);
  });

  test('an admin reads the recent deliveries, newest first; a bad limit is a 400', async () => {
    await queueApprovalNotice(noticeOf('approval.created', 'req-1'), db.prisma);
    await queueApprovalNotice(noticeOf('approval.decided', 'req-1'), db.prisma);
    const got = await call(handlers.deliveries, 'admin', 'GET', '/api/webhooks/deliveries?limit=10');
    expect(got.status).toBe(200);
    expect((got.body.deliveries as { kind: string; status: string; attempts: number }[]).map((d) => [d.kind, d.status, d.attempts])).toEqual([
      ['approval.decided', 'pending', 0],
      ['approval.created', 'pending', 0],
    ]);
    const bad = await call(handlers.deliveries, 'admin', 'GET', '/api/webhooks/deliveries?limit=0');
    expect([bad.status, String(bad.body.message)]).toEqual([400, expect.stringContaining('limit')]);
  });
});
