import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { auditExportHref, auditSearchFrom, auditSearchToParams, pageCount } from './audit-search';
import { auditQuerySchema, filterOf } from './audit-filter';
import { actorKindOf, toAuditRow, toAuditView } from './audit-entry';
import { dashboardCallAudit, daprCallAudit, signInCallAudit } from './route-actions';

describe('the Audit page URL', () => {
  test('filters round-trip through the URL; empty ones and page 1 are left out; the export keeps the filters, not the page', () => {
    const params = auditSearchToParams({ actor: 'Ada', action: 'instance.*', page: 3, from: '' });
    expect(params.toString()).toBe('actor=Ada&action=instance.*&page=3');
    expect(auditSearchFrom(params)).toEqual({ actor: 'Ada', action: 'instance.*', page: 3 });
    expect(auditSearchFrom(new URLSearchParams('page=x&other=1'))).toEqual({});
    expect(auditExportHref({ actor: 'Ada', page: 2 }, 'csv')).toBe('/api/audit/export?actor=Ada&format=csv');
    expect([pageCount(0, 50), pageCount(101, 50)]).toEqual([1, 3]);
  });

  test('the API query: a family, times, and clear refusals of bad values', () => {
    const query = auditQuerySchema.parse({ action: 'instance.*', from: '2026-12-02T10:00:00Z', page: '2' });
    expect(filterOf(query)).toEqual({ action: 'instance.*', from: new Date('2026-12-02T10:00:00Z') });
    expect(query).toMatchObject({ page: 2, pageSize: 50 });
    expect(auditQuerySchema.safeParse({ action: 'DROP TABLE' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: '2026-12-02T11:00:00Z', to: '2026-12-02T10:00:00Z' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ pageSize: '501' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ sort: 'x' }).success).toBe(false);
  });
});

describe('audit entries', () => {
  test('a row keeps the payload only as its SHA-256 unless FLOWDECK_AUDIT_PAYLOADS=1; the machine token is its own kind', () => {
    const input = { action: 'instance.raise', actor: { kind: 'token' as const, name: 'API token' }, payload: { ok: true }, outcome: 'ok' as const };
    const row = toAuditRow(input, new Date('2026-12-02T10:00:00Z'), {});
    expect(row).toMatchObject({ actorKind: 'machine', payload: null, payloadHash: createHash('sha256').update('{"ok":true}').digest('hex') });
    expect(toAuditRow(input, new Date(), { FLOWDECK_AUDIT_PAYLOADS: '1' }).payload).toBe('{"ok":true}');
    expect(actorKindOf({ kind: 'token', name: "API token 'ci'", tokenId: 't1' })).toBe('token');
    expect(toAuditView(row)).toEqual({ id: row.id, at: '2026-12-02T10:00:00.000Z', actorKind: 'machine', actorName: 'API token', action: 'instance.raise', outcome: 'ok', payloadHash: row.payloadHash });
    expect(toAuditRow({ ...input, reason: 'x'.repeat(2000) }).reason).toHaveLength(1000);
  });

  test('calls name their action, instance, target and reason; approvals are left to their own code', () => {
    const call = (method: string, path: string, body?: unknown, result?: unknown, status = 202) => ({ method, segments: path.split('/'), body, result, status });
    expect(dashboardCallAudit(call('POST', 'instances/o-1/pause', { reason: 'stock' }))).toEqual({ action: 'instance.pause', instanceId: 'o-1', reason: 'stock', target: undefined, payload: undefined });
    expect(dashboardCallAudit(call('POST', 'instances/o-1/raise-event', { eventName: 'approval', payload: { ok: true } }))).toMatchObject({ action: 'instance.raise', target: 'approval', payload: { ok: true } });
    expect(dashboardCallAudit(call('POST', 'instances/bulk', { action: 'terminate', instanceIds: ['a', 'b'], dryRun: true }))).toMatchObject({ action: 'bulk.terminate', target: '2 instances' });
    const results = [{ instanceId: 'a', ok: true }, { instanceId: 'b', ok: false, errorCode: 'ERR_INSTANCE_NOT_FOUND' }];
    expect(dashboardCallAudit(call('POST', 'instances/bulk', { action: 'terminate', instanceIds: ['a', 'b'] }, { results }, 200))).toEqual([
      expect.objectContaining({ action: 'bulk.terminate', target: '2 instances' }),
      expect.objectContaining({ action: 'bulk.terminate', instanceId: 'a', outcome: 'ok' }),
      expect.objectContaining({ action: 'bulk.terminate', instanceId: 'b', outcome: 'refused', code: 'ERR_INSTANCE_NOT_FOUND' }),
    ]);
    const job = { id: 'j1', action: 'pause', total: 120 };
    expect(dashboardCallAudit(call('POST', 'bulk-jobs', { action: 'pause', filter: 'idContains=x', reason: 'maintenance', confirm: '120' }, job))).toEqual({
      action: 'bulk-job.start', target: 'j1', reason: 'maintenance', details: { action: 'pause', filter: 'idContains=x', count: 120 },
    });
    expect(dashboardCallAudit(call('POST', 'bulk-jobs', { action: 'pause', filter: '', dryRun: true }, { total: 3 }, 200))).toMatchObject({ action: 'bulk-job.dry-run', details: { count: 3 } });
    expect(dashboardCallAudit(call('POST', 'bulk-jobs', { action: 'pause', filter: '' }, { errorCode: 'ERR_BULK_JOB_CONFIRMATION_REQUIRED' }, 400))).toMatchObject({ action: 'bulk-job.start', target: undefined });
    expect(dashboardCallAudit(call('POST', 'bulk-jobs/j1/cancel', undefined, { ...job, processed: 40, reason: 'maintenance' }))).toEqual({
      action: 'bulk-job.cancel', target: 'j1', details: { action: 'pause', total: 120, processed: 40 },
    });
    expect(dashboardCallAudit(call('POST', 'workflows/Order/start', { input: 1 }, { instanceId: 'o-9' }))).toMatchObject({ action: 'instance.start', instanceId: 'o-9', target: 'Order' });
    expect(dashboardCallAudit(call('POST', 'users', { email: 'a@b.c', password: 'secret123', role: 'viewer' }, { id: 'u1' }))).toEqual({ action: 'user.create', target: 'u1', details: { email: 'a@b.c', role: 'viewer' } });
    expect(dashboardCallAudit(call('DELETE', 'tokens/t1'))).toEqual({ action: 'token.revoke', target: 't1' });
    expect(dashboardCallAudit(call('POST', 'approvals/r1/decision'))).toBeUndefined();
    expect(dashboardCallAudit(call('POST', 'something/new'))).toEqual({ action: 'api.post', target: '/api/something/new' });
    const hook = dashboardCallAudit(call('POST', 'webhooks', { url: 'https://hooks.slack.com/services/T0/B0/secret?x=1', workflowName: 'Order' }, { id: 'w1' }, 201));
    expect(hook).toEqual({ action: 'webhook.add', target: 'w1', details: { url: 'https://hooks.slack.com/services/…', workflowName: 'Order' } });
    expect(JSON.stringify(hook)).not.toContain('secret');
    expect(dashboardCallAudit(call('DELETE', 'webhooks/w1'))).toEqual({ action: 'webhook.remove', target: 'w1' });
    const demo = dashboardCallAudit(call('POST', 'users/demo', undefined, { users: [{ email: 'ada@demo', password: 'p4ss' }] }, 201));
    expect(demo).toEqual({ action: 'user.create-demo', details: { emails: ['ada@demo'] } });
    expect(JSON.stringify(demo)).not.toContain('p4ss');
    expect(daprCallAudit(call('POST', 'workflows/dapr/o-1/raiseEvent/approval', { ok: true }))).toMatchObject({ action: 'instance.raise', instanceId: 'o-1', target: 'approval' });
    expect(daprCallAudit(call('POST', 'workflows/dapr/Order/start', 1, { instanceID: 'x' }))).toMatchObject({ action: 'instance.start', instanceId: 'x' });
    expect(signInCallAudit(call('POST', 'auth/sign-in/email', { email: 'eve@x.y', password: 'nope' }, { code: 'INVALID' }, 401))).toEqual({ action: 'auth.sign-in-failed', actor: { kind: 'anonymous', name: 'eve@x.y' }, details: { method: 'password' } });
    expect(signInCallAudit(call('POST', 'auth/sign-in/email', {}, {}, 200))).toBeUndefined();
  });
});
