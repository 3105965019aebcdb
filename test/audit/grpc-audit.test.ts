// The gRPC sidecar's client calls in the audit trail, on SQLite and PostgreSQL: a start and a pause with a reason by
// the machine token are recorded with who and the outcome and the pause's history event names the actor; a call
// with a wrong token is recorded as refused by nobody proven, a viewer token's terminate as refused by that token; a
// pause of a missing instance is refused and recorded.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keepAuditLogIn } from '@/lib/audit/audit-log';
import { createApiTokens } from '@/lib/auth/api-tokens';
import { createAuditLog, type AuditLog } from '@/lib/audit/prisma-audit-log';
import { availableDatabases } from '../support/databases';
import { RawSidecarClient } from '../sidecar/support/raw-client';
import { waitUntil } from '../sidecar/support/remote-checks';
import { startSidecarHost, type SidecarHost } from '../sidecar/support/sidecar-host';

const TOKEN = 'grpc-audit-machine-token';

describe.each(availableDatabases())('gRPC calls in the audit trail on %s', (kind) => {
  let h: SidecarHost;
  let raw: RawSidecarClient;
  let audit: AuditLog;

  beforeAll(async () => {
    h = await startSidecarHost(kind, { apiToken: TOKEN });
    audit = createAuditLog(h.database.prisma);
    keepAuditLogIn(audit);
    raw = new RawSidecarClient(h.address);
    h.host.apiTokens = createApiTokens(h.database.prisma);
  });
  afterAll(async () => {
    keepAuditLogIn(undefined);
    raw?.close();
    await h?.stop();
  });

  test('start and pause are recorded with their actor, reason and outcome; refusals are recorded as refused', async () => {
    const id = `${kind}-grpc-po`;
    const order = JSON.stringify({ cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 600 });
    expect(await raw.taskHub('StartInstance', { instanceId: id, name: 'PurchaseOrderWorkflow', input: { value: order } }, { token: TOKEN })).toMatchObject({ ok: true });
    await waitUntil('the purchase order waits', async () => ((await h.host.store.getInstance(id))?.waitingOn?.events.length ?? 0) > 0);
    expect(await raw.taskHub('SuspendInstance', { instanceId: id, reason: { value: 'supplier check' } }, { token: TOKEN })).toMatchObject({ ok: true });
    expect(await raw.taskHub('ResumeInstance', { instanceId: id }, { token: 'wrong' })).toMatchObject({ ok: false });
    expect(await raw.taskHub('SuspendInstance', { instanceId: `${kind}-missing` }, { token: TOKEN })).toMatchObject({ ok: false });
    const viewer = await h.host.apiTokens!.create({ name: 'watcher', role: 'viewer', createdBy: 'test' });
    expect(await raw.taskHub('TerminateInstance', { instanceId: id }, { token: viewer.token })).toMatchObject({ ok: false, code: 7 });
    const { entries } = await audit.list({}, { page: 1, pageSize: 10 });
    expect(entries.shift()).toMatchObject({ action: 'instance.terminate', actorKind: 'token', actorName: "API token 'watcher'", actorId: viewer.view.id, outcome: 'refused', code: 'ERR_FORBIDDEN' });
    expect(entries.map((e) => [e.action, e.actorKind, e.outcome, e.instanceId])).toEqual([
      ['instance.pause', 'machine', 'refused', `${kind}-missing`],
      ['instance.resume', 'anonymous', 'refused', id],
      ['instance.pause', 'machine', 'ok', id],
      ['instance.start', 'machine', 'ok', id],
    ]);
    expect(entries[2]).toMatchObject({ actorName: 'API token', reason: 'supplier check', address: '127.0.0.1' });
    expect(entries[0].code).toBe('ERR_INSTANCE_ID_NOT_FOUND');
    expect(entries[3]).toMatchObject({ target: 'PurchaseOrderWorkflow', payloadHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const history = await h.host.store.getHistory(id);
    expect(history.find((e) => e.kind === 'ExecutionSuspended')).toMatchObject({ reason: 'supplier check', actor: { kind: 'machine', name: 'API token' } });
  });
});
