// Rerun of a workflow a remote SDK app runs (issue 13 item 4): a real @dapr/dapr 3.18 WorkflowRuntime app in a second
// process (fixtures/remote-worker-app.mjs) replays the rerun's history prefix and runs on from the rerun task, with
// the new input, on SQLite and PostgreSQL; the source instance stays as it was.
import { DaprWorkflowClient, LogLevel, WorkflowRuntimeStatus } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rerunInstance } from '@/lib/api/rerun';
import { availableDatabases } from '../support/databases';
import { startWorkerApp, type Child } from './support/child-process';
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
});
