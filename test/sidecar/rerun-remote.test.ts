// Rerun of a workflow a remote SDK app runs (issue 13 item 4): a real @dapr/dapr 3.18 WorkflowRuntime app in a second
// process (fixtures/remote-worker-app.mjs) replays the rerun's history prefix and runs on from the rerun task, with
// the new input, on SQLite and PostgreSQL; the source instance stays as it was. Also through the gRPC
// RerunWorkflowFromEvent RPC of the Dapr fork's protocol, as a Dapr client calls it.
import { DaprWorkflowClient, LogLevel, WorkflowRuntimeStatus } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rerunInstance } from '@/lib/api/rerun';
import { availableDatabases } from '../support/databases';
import { startWorkerApp, type Child } from './support/child-process';
import { RawSidecarClient } from './support/raw-client';
import { kindsOf, workersConnected } from './support/remote-checks';
import { startRemoteHost, type RemoteHost } from './support/remote-host';

describe.each(availableDatabases())('a rerun of a remote SDK workflow on %s', (kind) => {
  let h: RemoteHost;
  let app: Child;
  let client: DaprWorkflowClient;

  beforeAll(async () => {
    h = await startRemoteHost(kind);
    app = await startWorkerApp(h.server.port);
    await workersConnected(h.host);
    client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(h.server.port), logger: { level: LogLevel.Error } });
  });
  afterAll(async () => {
    await client?.stop();
    await app?.kill();
    await h?.stop();
  });

  test('the SDK replays the prefix and runs the rerun task with its new input; the source is unchanged', async () => {
    const id = await client.scheduleNewWorkflow('retryWorkflow', { failures: 5, maxAttempts: 1 }, `${kind}-remote-retry`);
    expect((await client.waitForWorkflowCompletion(id, true, 25))!.runtimeStatus).toBe(WorkflowRuntimeStatus.FAILED);
    const before = await h.host.store.getHistory(id);
    const scheduled = before.find((e) => e.kind === 'TaskScheduled')!;

    const ctx = { store: h.host.store, maxPayloadBytes: h.host.runtime.options.maxPayloadBytes };
    const { instanceId } = await rerunInstance(ctx, id, { fromEventId: scheduled.eventId, input: { attempt: 1, failures: 0 } });
    expect(instanceId).toBe(`${id}-rerun-1`);
    const done = (await client.waitForWorkflowCompletion(instanceId, true, 25))!;
    expect(done.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(done.serializedOutput!)).toBe('succeeded on attempt 1');
    expect(kindsOf(await h.host.store.getHistory(instanceId))).toEqual(['ExecutionStarted', 'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted']);
    expect(await h.host.store.getHistory(id)).toEqual(before);
    expect((await h.host.store.getInstance(id))!.status).toBe('FAILED');
  });

  test('RerunWorkflowFromEvent over gRPC: the new ID given or a random one, the input overwritten, refusals with their codes', async () => {
    const id = await client.scheduleNewWorkflow('retryWorkflow', { failures: 5, maxAttempts: 1 }, `${kind}-grpc-retry`);
    expect((await client.waitForWorkflowCompletion(id, true, 25))!.runtimeStatus).toBe(WorkflowRuntimeStatus.FAILED);
    const eventID = (await h.host.store.getHistory(id)).find((e) => e.kind === 'TaskScheduled')!.eventId;
    const raw = new RawSidecarClient(`127.0.0.1:${h.server.port}`);
    try {
      const input = { value: JSON.stringify({ attempt: 1, failures: 0 }) };
      const named = await raw.taskHub<{ newInstanceID: string }>('RerunWorkflowFromEvent', { sourceInstanceID: id, eventID, newInstanceID: `${id}-grpc`, input, overwriteInput: true });
      expect(named).toEqual({ ok: true, response: { newInstanceID: `${id}-grpc` } });
      expect(JSON.parse((await client.waitForWorkflowCompletion(`${id}-grpc`, true, 25))!.serializedOutput!)).toBe('succeeded on attempt 1');

      // Without overwriteInput the recorded input stays (and fails again); without newInstanceID the ID is random.
      const random = await raw.taskHub<{ newInstanceID: string }>('RerunWorkflowFromEvent', { sourceInstanceID: id, eventID, input, overwriteInput: false });
      expect(random.ok && random.response.newInstanceID).toMatch(/^[0-9a-f-]{36}$/);
      const again = (await client.waitForWorkflowCompletion(random.ok ? random.response.newInstanceID : '', true, 25))!;
      expect(again.runtimeStatus).toBe(WorkflowRuntimeStatus.FAILED);

      const refused = async (request: object) => {
        const result = await raw.taskHub('RerunWorkflowFromEvent', request);
        return result.ok ? result : { code: result.code, errorCode: result.errorCode };
      };
      expect(await refused({ sourceInstanceID: id, eventID: 99 })).toEqual({ code: 3, errorCode: 'ERR_RERUN_EVENT_INVALID' });
      expect(await refused({ sourceInstanceID: id, eventID, newInstanceID: `${id}-grpc` })).toEqual({ code: 9, errorCode: 'ERR_RERUN_WORKFLOW' });
      expect(await refused({ sourceInstanceID: 'ghost', eventID })).toEqual({ code: 5, errorCode: 'ERR_INSTANCE_ID_NOT_FOUND' });
      expect(await refused({ sourceInstanceID: '', eventID })).toEqual({ code: 3, errorCode: 'ERR_INSTANCE_ID_PROVIDED_MISSING' });
      expect((await h.host.store.getInstance(id))!.status).toBe('FAILED');
    } finally {
      raw.close();
    }
  });
});
