// The gRPC sidecar accepts the API tokens admins make (`fdk_…`) with their role, on SQLite and PostgreSQL, once an
// account exists (local mode over): a viewer token reads but is PERMISSION_DENIED every change and the worker
// stream, an operator token runs a real @dapr/dapr worker app and client, a call with no token or a revoked one is
// UNAUTHENTICATED, and the machine token still acts as an admin next to them; with neither, only local mode lets a call
// in. Nothing a refused call sent is kept.
import * as grpc from '@grpc/grpc-js';
import { DaprWorkflowClient, LogLevel, WorkflowRuntimeStatus } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiTokens } from '@/lib/auth/api-tokens';
import { createAuth } from '@/lib/auth/better-auth';
import { ensureFirstAdmin } from '@/lib/auth/first-admin';
import { createPeople } from '@/lib/auth/people';
import type { Role } from '@/lib/auth/roles';
import { availableDatabases } from '../support/databases';
import { startWorkerApp, type Child } from './support/child-process';
import { waitUntil, workersConnected } from './support/remote-checks';
import { RawSidecarClient } from './support/raw-client';
import { startSidecarServer } from '@/lib/sidecar/grpc-server';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

const MACHINE_TOKEN = 'grpc-api-tokens-machine-token';
const ADMIN = { FLOWDECK_ADMIN_EMAIL: 'ada@example.com', FLOWDECK_ADMIN_PASSWORD: 'a long test password', FLOWDECK_ADMIN_NAME: 'Ada' } as unknown as NodeJS.ProcessEnv;
const ORDER = { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 600 };

describe.each(availableDatabases())('API tokens on the gRPC sidecar on %s', (kind) => {
  let h: SidecarHost;
  let raw: RawSidecarClient;
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    h = await startSidecarHost(kind, { apiToken: MACHINE_TOKEN });
    const auth = await createAuth(h.database.prisma, kind, { ...ADMIN });
    h.host.people = createPeople(auth, h.database.prisma);
    h.host.apiTokens = createApiTokens(h.database.prisma);
    expect(await ensureFirstAdmin(auth, h.database.prisma, h.host.people, ADMIN)).toBe('created');
    for (const role of ['viewer', 'approver', 'operator'] as const) {
      tokens[role] = (await h.host.apiTokens.create({ name: `${role} bot`, role, createdBy: 'Ada' })).token;
    }
    raw = new RawSidecarClient(h.address);
    expect(await raw.taskHub('StartInstance', { instanceId: `${kind}-po`, name: 'PurchaseOrderWorkflow', input: { value: JSON.stringify(ORDER) } }, { token: MACHINE_TOKEN })).toMatchObject({ ok: true });
    await waitUntil('the purchase order waits for its approval', async () => ((await h.host.store.getInstance(`${kind}-po`))?.waitingOn?.events.length ?? 0) > 0);
  });
  afterAll(async () => {
    raw?.close();
    await h?.stop();
  });

  /** The instances and history rows in the database, to show a refused call wrote nothing. */
  const snapshot = async () => JSON.stringify([await h.database.prisma.workflowInstance.count(), await h.database.prisma.historyEvent.count()]);

  test('a viewer token reads; every change and the worker stream are PERMISSION_DENIED naming the role needed', async () => {
    const token = tokens.viewer!;
    expect(await raw.taskHub('GetInstance', { instanceId: `${kind}-po` }, { token })).toMatchObject({ ok: true, response: { exists: true } });
    expect(await raw.taskHub('QueryInstances', { query: { maxInstanceCount: 10 } }, { token })).toMatchObject({ ok: true });
    expect(await raw.dapr('GetWorkflowBeta1', { instanceId: `${kind}-po`, workflowComponent: 'dapr' }, { token })).toMatchObject({ ok: true, response: { runtimeStatus: 'RUNNING' } });
    expect(await raw.dapr('GetMetadata', {}, { token })).toMatchObject({ ok: true });
    const before = await snapshot();
    const refusals = [
      await raw.taskHub('StartInstance', { instanceId: `${kind}-sneaky`, name: 'HelloSequenceWorkflow' }, { token }),
      await raw.taskHub('RaiseEvent', { instanceId: `${kind}-po`, name: 'approval_received', input: { value: '{"approved":true}' } }, { token }),
      await raw.taskHub('SuspendInstance', { instanceId: `${kind}-po` }, { token }),
      await raw.taskHub('TerminateInstance', { instanceId: `${kind}-po` }, { token }),
      await raw.taskHub('PurgeInstances', { instanceId: `${kind}-po` }, { token }),
      await raw.dapr('PauseWorkflowBeta1', { instanceId: `${kind}-po`, workflowComponent: 'dapr' }, { token }),
      await raw.dapr('SaveState', { storeName: 'statestore', states: [{ key: 'k', value: Buffer.from('"v"') }] }, { token }),
      await raw.stream('GetWorkItems', {}, { token }),
      await raw.taskHub('CompleteActivityTask', { instanceId: `${kind}-po`, taskId: 1 }, { token }),
    ];
    for (const refused of refusals) {
      expect(refused).toMatchObject({ ok: false, code: grpc.status.PERMISSION_DENIED });
      expect(refused.ok === false && refused.details).toMatch(/API token 'viewer bot' has the viewer role; .+ needs operator or above/);
    }
    expect(await snapshot()).toBe(before);
    expect((await h.host.store.getInstance(`${kind}-po`))?.status).toBe('RUNNING');
  });

  test("a viewer token gets no payloads of a workflow hidden from viewers (FLOWDECK_VIEWER_HIDDEN_PAYLOADS); an operator's does", async () => {
    process.env.FLOWDECK_VIEWER_HIDDEN_PAYLOADS = 'PurchaseOrderWorkflow';
    try {
      const ask = { instanceId: `${kind}-po`, getInputsAndOutputs: true };
      const asViewer = await raw.taskHub('GetInstance', ask, { token: tokens.viewer! });
      expect(asViewer).toMatchObject({ ok: true, response: { exists: true } });
      expect(JSON.stringify(asViewer)).not.toContain(ORDER.product);
      const listed = await raw.taskHub('QueryInstances', { query: { maxInstanceCount: 10, fetchInputsAndOutputs: true } }, { token: tokens.viewer! });
      expect(listed).toMatchObject({ ok: true });
      expect(JSON.stringify(listed)).not.toContain(ORDER.product);
      const dapr = await raw.dapr('GetWorkflowBeta1', { instanceId: `${kind}-po`, workflowComponent: 'dapr' }, { token: tokens.viewer! });
      expect(dapr).toMatchObject({ ok: true, response: { properties: { 'dapr.workflow.input': '' } } });
      const asOperator = await raw.taskHub('GetInstance', ask, { token: tokens.operator! });
      expect(JSON.stringify(asOperator)).toContain(ORDER.product);
    } finally {
      delete process.env.FLOWDECK_VIEWER_HIDDEN_PAYLOADS;
    }
  });

  test('an approver token is refused a change too (the sidecar has no approvals: raising needs an operator)', async () => {
    const refused = await raw.dapr('RaiseEventWorkflowBeta1', { instanceId: `${kind}-po`, workflowComponent: 'dapr', eventName: 'approval_received', eventData: Buffer.from('{}') }, { token: tokens.approver });
    expect(refused).toMatchObject({ ok: false, code: grpc.status.PERMISSION_DENIED });
    expect(refused.ok === false && refused.details).toContain('dapr.proto.runtime.v1.Dapr/RaiseEventWorkflowBeta1 needs operator or above');
  });

  test('no token, an unknown fdk_ token or a revoked one is UNAUTHENTICATED; the machine token is still an admin', async () => {
    const missing = await raw.taskHub('GetInstance', { instanceId: `${kind}-po` });
    expect(missing).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    expect(missing.ok === false && missing.details).toMatch(/dapr-api-token/);
    expect(await raw.taskHub('GetInstance', { instanceId: `${kind}-po` }, { token: 'fdk_not-one-we-made' })).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    const made = await h.host.apiTokens!.create({ name: 'short-lived', role: 'operator', createdBy: 'Ada' });
    expect(await raw.taskHub('Hello', {}, { token: made.token })).toMatchObject({ ok: true });
    await h.host.apiTokens!.revoke(made.view.id);
    const revoked = await raw.taskHub('Hello', {}, { token: made.token });
    expect(revoked).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    expect(revoked.ok === false && revoked.details).toContain('expired or revoked');
    expect(await raw.taskHub('Hello', {}, { token: MACHINE_TOKEN })).toMatchObject({ ok: true });
  });

  describe('an operator token', () => {
    let app: Child;
    let client: DaprWorkflowClient;
    beforeAll(async () => {
      app = await startWorkerApp(h.server.port, { DAPR_API_TOKEN: tokens.operator! });
      await workersConnected(h.host);
      client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(h.server.port), daprApiToken: tokens.operator, logger: { level: LogLevel.Error } });
    });
    afterAll(async () => {
      await client?.stop();
      await app?.kill();
    });

    test('runs a @dapr/dapr worker app and drives it from DaprWorkflowClient', async () => {
      const id = await client.scheduleNewWorkflow('chainWorkflow', 5, `${kind}-chain`);
      const done = await client.waitForWorkflowCompletion(id, true, 25);
      expect(done?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
      await client.raiseEvent(`${kind}-po`, 'approval_received', { approved: true, approver: 'operator bot' });
      expect((await client.waitForWorkflowCompletion(`${kind}-po`, false, 25))?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    });
  });
});

describe.each(availableDatabases())('the sidecar with no token and no account on %s', (kind) => {
  let h: SidecarHost;
  beforeAll(async () => {
    h = await startSidecarHost(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('lets calls in on a loopback address (local mode) and refuses them on any other (nobody can be trusted yet)', async () => {
    const local = new RawSidecarClient(h.address);
    expect(await local.taskHub('Hello', {})).toEqual({ ok: true, response: {} });
    local.close();
    const open = await startSidecarServer({ engineHost: async () => h.host, host: '0.0.0.0', port: 0, apiToken: undefined });
    const remote = new RawSidecarClient(`127.0.0.1:${open.port}`);
    try {
      const refused = await remote.taskHub('StartInstance', { instanceId: `${kind}-from-afar`, name: 'HelloSequenceWorkflow' });
      expect(refused).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
      expect(refused.ok === false && refused.details).toContain('FLOWDECK_ADMIN_EMAIL');
      expect(await h.host.store.getInstance(`${kind}-from-afar`)).toBeUndefined();
    } finally {
      remote.close();
      await open.stop(100);
    }
  });
});
