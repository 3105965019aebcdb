// Dapr's runtime API over gRPC (what the Python SDK's DaprClient.start_workflow & co. call): the workflow calls
// in their Beta1 and Alpha1 names and GetMetadata, on a real engine host.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { availableDatabases } from '../support/databases';
import { RawSidecarClient } from './support/raw-client';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe.each(availableDatabases())('Dapr runtime workflow API on %s', (kind) => {
  let h: SidecarHost;
  let raw: RawSidecarClient;

  beforeAll(async () => {
    h = await startSidecarHost(kind);
    raw = new RawSidecarClient(h.address);
  });
  afterAll(async () => {
    raw?.close();
    await h?.stop();
  });

  const status = async (instanceId: string) => {
    const result = await raw.dapr<{ runtimeStatus: string }>('GetWorkflowBeta1', { instanceId, workflowComponent: 'dapr' });
    return result.ok ? result.response.runtimeStatus : `error ${result.code}`;
  };

  test('start, get, pause, raise, resume, purge: the Python quickstart calls', async () => {
    const instanceId = `${kind}-py-order`;
    const input = { cost: 2500, product: 'Laptop', quantity: 2, timeoutSeconds: 600 };
    const started = await raw.dapr('StartWorkflowBeta1', { instanceId, workflowComponent: 'dapr', workflowName: 'PurchaseOrderWorkflow', input: json(input) });
    expect(started).toEqual({ ok: true, response: { instanceId } });
    await expect.poll(() => status(instanceId), { timeout: 15_000 }).toBe('RUNNING');

    const got = await raw.dapr<Record<string, unknown>>('GetWorkflowBeta1', { instanceId, workflowComponent: 'dapr' });
    expect(got).toMatchObject({ ok: true, response: { instanceId, workflowName: 'PurchaseOrderWorkflow', runtimeStatus: 'RUNNING' } });
    const response = got.ok ? got.response : {};
    expect(JSON.parse((response.properties as Record<string, string>)['dapr.workflow.input'])).toEqual(input);
    expect((response.createdAt as { seconds: number }).seconds).toBeGreaterThan(0);

    expect(await raw.dapr('PauseWorkflowAlpha1', { instanceId, workflowComponent: 'dapr' })).toEqual({ ok: true, response: {} });
    await expect.poll(() => status(instanceId), { timeout: 10_000 }).toBe('SUSPENDED');
    expect(await raw.dapr('RaiseEventWorkflowBeta1', { instanceId, workflowComponent: 'dapr', eventName: 'approval_received', eventData: json({ approver: 'Py' }) })).toMatchObject({ ok: true });
    expect(await raw.dapr('ResumeWorkflowBeta1', { instanceId, workflowComponent: 'dapr' })).toMatchObject({ ok: true });
    await expect.poll(() => status(instanceId), { timeout: 15_000 }).toBe('COMPLETED');
    const done = await raw.dapr<{ properties: Record<string, string> }>('GetWorkflowAlpha1', { instanceId, workflowComponent: 'dapr' });
    expect(done.ok && JSON.parse(done.response.properties['dapr.workflow.output'])).toBe("Approved by 'Py'");

    expect(await raw.dapr('PurgeWorkflowBeta1', { instanceId, workflowComponent: 'dapr' })).toEqual({ ok: true, response: {} });
    expect(await raw.dapr('GetWorkflowBeta1', { instanceId, workflowComponent: 'dapr' })).toMatchObject({ ok: false, code: grpc.status.NOT_FOUND, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' });
  });

  test('terminate ends a running instance; a second terminate is FAILED_PRECONDITION', async () => {
    const instanceId = `${kind}-py-stop`;
    expect(await raw.dapr('StartWorkflowAlpha1', { instanceId, workflowComponent: 'dapr', workflowName: 'PurchaseOrderWorkflow', input: json({ cost: 5000, product: 'x' }) })).toMatchObject({ ok: true });
    await expect.poll(() => status(instanceId), { timeout: 15_000 }).toBe('RUNNING');
    expect(await raw.dapr('TerminateWorkflowBeta1', { instanceId, workflowComponent: 'dapr' })).toMatchObject({ ok: true });
    await expect.poll(() => status(instanceId), { timeout: 10_000 }).toBe('TERMINATED');
    expect(await raw.dapr('TerminateWorkflowBeta1', { instanceId, workflowComponent: 'dapr' })).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION, errorCode: 'ERR_TERMINATE_WORKFLOW' });
  });

  test('a generated ID when none is given; bad component, name, payload and event are refused and create nothing', async () => {
    const generated = await raw.dapr<{ instanceId: string }>('StartWorkflowBeta1', { workflowComponent: 'dapr', workflowName: 'HelloSequenceWorkflow' });
    expect(generated.ok && generated.response.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    const count = async () => (await h.host.store.listInstances({ limit: 1000 })).items.length;
    const before = await count();
    const start = (request: object) => raw.dapr('StartWorkflowBeta1', { instanceId: `${kind}-refused`, workflowComponent: 'dapr', workflowName: 'HelloSequenceWorkflow', ...request });
    expect(await start({ workflowComponent: 'temporal' })).toMatchObject({ ok: false, code: grpc.status.NOT_FOUND, errorCode: 'ERR_WORKFLOW_COMPONENT_NOT_FOUND' });
    expect(await start({ workflowName: '' })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_WORKFLOW_NAME_MISSING' });
    expect(await start({ input: Buffer.from('{not json') })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_MALFORMED_REQUEST' });
    expect(await start({ instanceId: 'bad id' })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_INSTANCE_ID_INVALID' });
    expect(await raw.dapr('RaiseEventWorkflowBeta1', { instanceId: `${kind}-nobody`, workflowComponent: 'dapr', eventName: 'go' })).toMatchObject({ ok: false, code: grpc.status.NOT_FOUND });
    expect(await raw.dapr('PauseWorkflowBeta1', { instanceId: '', workflowComponent: 'dapr' })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_INSTANCE_ID_PROVIDED_MISSING' });
    expect(await count()).toBe(before);
  });

  test('GetMetadata names Flowdeck, its runtime version and the dapr workflow component', async () => {
    const metadata = await raw.dapr<Record<string, unknown>>('GetMetadata', {});
    expect(metadata).toMatchObject({
      ok: true,
      response: {
        id: 'flowdeck',
        runtimeVersion: expect.stringMatching(/^flowdeck-\d+\.\d+\.\d+/),
        registeredComponents: [{ name: 'dapr', type: 'workflow.dapr', version: 'v1', capabilities: [] }],
        workflows: { connectedWorkers: 0 },
      },
    });
  });

  test('the state calls are served on the same port', async () => {
    const value = Buffer.from(JSON.stringify({ quantity: 7 }));
    expect(await raw.dapr('SaveState', { storeName: 'statestore', states: [{ key: `${kind}-stock`, value }] })).toEqual({ ok: true, response: {} });
    const got = await raw.dapr<{ data: Buffer; etag: string }>('GetState', { storeName: 'statestore', key: `${kind}-stock` });
    expect(got.ok && JSON.parse(got.response.data.toString())).toEqual({ quantity: 7 });
    expect(got.ok && got.response.etag).not.toBe('');
  });

  test('the rest of the Dapr API answers UNIMPLEMENTED at once', async () => {
    for (const method of ['PublishEvent', 'GetSecret', 'InvokeActor', 'ScheduleJobAlpha1']) {
      expect(await raw.dapr(method, {}, { deadlineMs: 2000 }), method).toMatchObject({ ok: false, code: grpc.status.UNIMPLEMENTED });
    }
  });
});
