// Raw gRPC calls with what an SDK never sends: each gets the status code of the error table and changes nothing.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngineLog } from '@/lib/engine/logs';
import { startSidecarServer } from '@/lib/sidecar/grpc-server';
import { availableDatabases } from '../support/databases';
import { RawSidecarClient } from './support/raw-client';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

const LIMIT = 4096;
const TOKEN = 'grpc-test-token';

describe.each(availableDatabases())('bad input over gRPC on %s', (kind) => {
  let h: SidecarHost;
  let raw: RawSidecarClient;

  beforeAll(async () => {
    h = await startSidecarHost(kind, { maxPayloadBytes: LIMIT, apiToken: TOKEN });
    raw = new RawSidecarClient(h.address, TOKEN);
  });
  afterAll(async () => {
    raw?.close();
    await h?.stop();
  });

  /** Every instance row and history length, to show a refused call changed nothing. */
  async function snapshot(): Promise<string> {
    const rows = (await h.host.store.listInstances({ limit: 1000, order: 'asc' })).items;
    return JSON.stringify(rows.map((r) => [r.instanceId, r.status, r.historyLength, r.version]));
  }

  async function started(instanceId: string, name = 'PurchaseOrderWorkflow', input: unknown = { cost: 5000, product: 'x', timeoutSeconds: 600 }): Promise<void> {
    expect(await raw.taskHub('StartInstance', { instanceId, name, input: { value: JSON.stringify(input) } })).toMatchObject({ ok: true, response: { instanceId } });
    await expect.poll(async () => (await h.host.store.getInstance(instanceId))?.status, { timeout: 15_000 }).toBe('RUNNING');
    // A purchase order settles once it waits for its approval (its request activity done): snapshots taken after
    // that change only if a refused call wrote something.
    if (name === 'PurchaseOrderWorkflow') {
      await expect.poll(async () => {
        const waiting = (await h.host.store.getInstance(instanceId))?.waitingOn;
        return (waiting?.events.length ?? 0) > 0 && waiting?.activities.length === 0;
      }, { timeout: 15_000 }).toBe(true);
    }
  }

  test('a missing or wrong token is UNAUTHENTICATED on every service, before anything runs', async () => {
    const before = await snapshot();
    for (const token of ['', 'wrong-token']) {
      const start = await raw.taskHub('StartInstance', { instanceId: `${kind}-sneaky`, name: 'HelloSequenceWorkflow' }, { token });
      expect(start).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
      expect(await raw.dapr('GetMetadata', {}, { token })).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
      expect(await raw.taskHub('GetEntity', { instanceId: 'x' }, { token })).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
      expect(await raw.stream('GetWorkItems', {}, { token })).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    }
    const missing = await new RawSidecarClient(h.address).taskHub('Hello', {});
    expect(missing).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED, errorCode: undefined });
    expect(missing.ok === false && missing.details).toMatch(/dapr-api-token/);
    expect(await snapshot()).toBe(before);
    expect(await raw.taskHub('Hello', {})).toEqual({ ok: true, response: {} });
  });

  test('invalid instance IDs, workflow names and payloads are INVALID_ARGUMENT with the reason', async () => {
    const before = await snapshot();
    const start = (instanceId: string, name: string, input?: string) => raw.taskHub('StartInstance', { instanceId, name, input: input === undefined ? null : { value: input } });
    expect(await start('has space', 'HelloSequenceWorkflow')).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_INSTANCE_ID_INVALID' });
    expect(await start('x'.repeat(65), 'HelloSequenceWorkflow')).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_INSTANCE_ID_TOO_LONG' });
    expect(await start(`${kind}-noname`, '')).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_WORKFLOW_NAME_MISSING' });
    expect(await start(`${kind}-unknown`, 'NoSuchWorkflow')).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_START_WORKFLOW' });
    const notJson = await start(`${kind}-notjson`, 'HelloSequenceWorkflow', '{oops');
    expect(notJson).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_MALFORMED_REQUEST' });
    expect(notJson.ok === false && notJson.details).toMatch(/workflow input is not valid JSON/);
    const big = await start(`${kind}-big`, 'HelloSequenceWorkflow', JSON.stringify('x'.repeat(LIMIT)));
    expect(big).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_PAYLOAD_TOO_LARGE' });
    expect(big.ok === false && big.details).toMatch(/limit is 4096 bytes/);
    const huge = await start(`${kind}-huge`, 'HelloSequenceWorkflow', JSON.stringify('z'.repeat(17 * 1024 * 1024)));
    expect(huge).toMatchObject({ ok: false, code: grpc.status.RESOURCE_EXHAUSTED });
    expect(await raw.taskHub('GetInstance', { instanceId: '' })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_INSTANCE_ID_PROVIDED_MISSING' });
    const badTime = await raw.taskHub('QueryInstances', { query: { continuationToken: { value: 'not-a-token' } } });
    expect(badTime).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_MALFORMED_REQUEST' });
    expect(await snapshot()).toBe(before);
  });

  test('unknown instances: GetInstance says exists=false, every other call is NOT_FOUND', async () => {
    const before = await snapshot();
    const ghost = `${kind}-ghost`;
    expect(await raw.taskHub('GetInstance', { instanceId: ghost, getInputsAndOutputs: true })).toEqual({ ok: true, response: { exists: false, orchestrationState: null } });
    expect(await raw.taskHub('WaitForInstanceCompletion', { instanceId: ghost })).toMatchObject({ ok: true, response: { exists: false } });
    for (const [method, request] of [
      ['RaiseEvent', { instanceId: ghost, name: 'go' }],
      ['TerminateInstance', { instanceId: ghost }],
      ['SuspendInstance', { instanceId: ghost }],
      ['ResumeInstance', { instanceId: ghost }],
      ['PurgeInstances', { instanceId: ghost }],
    ] as const) {
      expect(await raw.taskHub(method, request), method).toMatchObject({ ok: false, code: grpc.status.NOT_FOUND, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' });
    }
    expect(await snapshot()).toBe(before);
  });

  test('a live duplicate is ALREADY_EXISTS; an operation the status forbids is FAILED_PRECONDITION naming the status', async () => {
    const id = `${kind}-busy`;
    await started(id);
    const before = await snapshot();
    expect(await raw.taskHub('StartInstance', { instanceId: id, name: 'HelloSequenceWorkflow' })).toMatchObject({ ok: false, code: grpc.status.ALREADY_EXISTS, errorCode: 'ERR_START_WORKFLOW' });
    const resume = await raw.taskHub('ResumeInstance', { instanceId: id });
    expect(resume).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION, errorCode: 'ERR_RESUME_WORKFLOW' });
    expect(resume.ok === false && resume.details).toMatch(/it is RUNNING/);
    expect(await raw.taskHub('PurgeInstances', { instanceId: id })).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION, errorCode: 'ERR_PURGE_WORKFLOW' });
    expect(await raw.taskHub('RaiseEvent', { instanceId: id, name: '' })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_WORKFLOW_EVENT_NAME_MISSING' });
    const bigEvent = await raw.taskHub('RaiseEvent', { instanceId: id, name: 'approval_received', input: { value: JSON.stringify('y'.repeat(LIMIT)) } });
    expect(bigEvent).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_PAYLOAD_TOO_LARGE' });
    expect(await snapshot()).toBe(before);
    expect(await raw.taskHub('TerminateInstance', { instanceId: id, recursive: true })).toMatchObject({ ok: true });
  });

  test("a wait honours the client's deadline", async () => {
    const id = `${kind}-slow`;
    await started(id);
    const at = Date.now();
    expect(await raw.taskHub('WaitForInstanceCompletion', { instanceId: id }, { deadlineMs: 400 })).toMatchObject({ ok: false, code: grpc.status.DEADLINE_EXCEEDED });
    expect(Date.now() - at).toBeLessThan(3000);
    expect(await raw.taskHub('WaitForInstanceStart', { instanceId: id, getInputsAndOutputs: true }, { deadlineMs: 2000 })).toMatchObject({
      ok: true,
      response: { exists: true, orchestrationState: { instanceId: id, orchestrationStatus: 'ORCHESTRATION_STATUS_RUNNING', input: { value: expect.stringContaining('"cost":5000') } } },
    });
    expect(await raw.taskHub('TerminateInstance', { instanceId: id, recursive: true })).toMatchObject({ ok: true });
  });

  test('methods Flowdeck does not serve answer UNIMPLEMENTED with a message at once', async () => {
    for (const [method, request] of [['GetEntity', { instanceId: 'e' }], ['RewindInstance', { instanceId: 'e' }], ['CreateTaskHub', {}]] as const) {
      const result = await raw.taskHub(method, request, { deadlineMs: 2000 });
      expect(result, method).toMatchObject({ ok: false, code: grpc.status.UNIMPLEMENTED });
      expect(result.ok === false && result.details).toContain(`TaskHubSidecarService/${method}`);
    }
    const invoke = await raw.dapr('InvokeService', { id: 'app', message: { method: 'm' } }, { deadlineMs: 2000 });
    expect(invoke).toMatchObject({ ok: false, code: grpc.status.UNIMPLEMENTED });
    expect(invoke.ok === false && invoke.details).toContain('dapr.proto.runtime.v1.Dapr/InvokeService');
  });
});

test('a database that cannot be reached is UNAVAILABLE, with no internals in the message', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1 at TCPConnectWrap.afterConnect'), { code: 'ECONNREFUSED' });
  const server = await startSidecarServer({ engineHost: () => Promise.reject(refused), host: '127.0.0.1', port: 0, apiToken: undefined, log: silentLog() });
  const raw = new RawSidecarClient(server.address);
  try {
    const result = await raw.taskHub('GetInstance', { instanceId: 'any' });
    expect(result).toMatchObject({ ok: false, code: grpc.status.UNAVAILABLE, errorCode: 'ERR_DATABASE_UNAVAILABLE' });
    expect(result.ok === false && result.details).not.toMatch(/ECONNREFUSED|TCPConnectWrap/);
    expect(await raw.dapr('GetWorkflowBeta1', { instanceId: 'any' })).toMatchObject({ ok: false, code: grpc.status.UNAVAILABLE });
  } finally {
    raw.close();
    await server.stop(100);
  }
});

test('an unexpected error is INTERNAL "internal error", logged on the server only', async () => {
  const lines: string[] = [];
  const broken = new Error('SELECT secret FROM vault failed');
  const server = await startSidecarServer({ engineHost: () => Promise.reject(broken), host: '127.0.0.1', port: 0, apiToken: undefined, log: silentLog(lines) });
  const raw = new RawSidecarClient(server.address);
  try {
    expect(await raw.taskHub('GetInstance', { instanceId: 'any' })).toMatchObject({ ok: false, code: grpc.status.INTERNAL, details: 'internal error', errorCode: 'ERR_INTERNAL' });
    expect(lines.join('\n')).toContain('SELECT secret FROM vault failed');
  } finally {
    raw.close();
    await server.stop(100);
  }
});

/** An engine log that keeps its lines in `lines` instead of printing them. */
function silentLog(lines: string[] = []) {
  return createEngineLog({ sink: (_level, line) => void lines.push(line) });
}
