// The real @dapr/dapr 3.18 DaprWorkflowClient against the gRPC sidecar on a real engine host (SQLite, and
// PostgreSQL when TEST_DATABASE_URL_PG is set), driving the built-in workflows the in-process engine runs.
import { DaprWorkflowClient, WorkflowRuntimeStatus } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { availableDatabases } from '../support/databases';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';
import { RawSidecarClient } from './support/raw-client';

const APPROVAL = { cost: 2500, product: 'Laptop', quantity: 2, timeoutSeconds: 600 };

describe.each(availableDatabases())('DaprWorkflowClient over gRPC on %s', (kind) => {
  let h: SidecarHost;
  let client: DaprWorkflowClient;
  let raw: RawSidecarClient;

  beforeAll(async () => {
    h = await startSidecarHost(kind);
    client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(h.server.port) });
    raw = new RawSidecarClient(h.address);
  });
  afterAll(async () => {
    raw?.close();
    await client?.stop();
    await h?.stop();
  });

  /** Resolves once the instance waits for `event` (the engine records it in waitingOn). */
  async function waitingFor(instanceId: string, event: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await h.host.store.getInstance(instanceId))?.waitingOn?.events.some((e) => e.name === event)) {
      if (Date.now() > deadline) throw new Error(`${instanceId} never waited for ${event}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test('schedule, wait for completion, and read the state with and without payloads', async () => {
    const id = await client.scheduleNewWorkflow('HelloSequenceWorkflow', undefined, `${kind}-hello`);
    expect(id).toBe(`${kind}-hello`);
    const done = await client.waitForWorkflowCompletion(id, true, 20);
    expect(done?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(done!.serializedOutput!)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);

    const withPayloads = await client.getWorkflowState(id, true);
    expect(withPayloads).toMatchObject({ name: 'HelloSequenceWorkflow', instanceId: id, runtimeStatus: WorkflowRuntimeStatus.COMPLETED });
    expect(withPayloads!.serializedOutput).toBe(done!.serializedOutput);
    expect(withPayloads!.createdAt.getTime()).toBeLessThanOrEqual(withPayloads!.lastUpdatedAt.getTime());
    const bare = await client.getWorkflowState(id, false);
    expect(bare?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(bare?.serializedOutput).toBeUndefined();
    expect(await client.getWorkflowState(`${kind}-never-started`, true)).toBeUndefined();
  });

  test('a scheduled start stays PENDING until its time; waitForWorkflowStart returns once it runs', async () => {
    const startAt = new Date(Date.now() + 1500);
    const id = await client.scheduleNewWorkflow('HelloSequenceWorkflow', undefined, `${kind}-later`, startAt);
    expect((await client.getWorkflowState(id, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.PENDING);
    const started = await client.waitForWorkflowStart(id, false, 15);
    expect(Date.now()).toBeGreaterThanOrEqual(startAt.getTime());
    expect(started?.runtimeStatus).not.toBe(WorkflowRuntimeStatus.PENDING);
    expect((await client.waitForWorkflowCompletion(id, false, 15))?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
  });

  test('waiting past the timeout fails; a raised event then completes the approval', async () => {
    const id = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', APPROVAL, `${kind}-po`);
    await waitingFor(id, 'approval_received');
    const before = Date.now();
    await expect(client.waitForWorkflowCompletion(id, true, 1)).rejects.toThrow('TimeoutError');
    expect(Date.now() - before).toBeLessThan(5000);
    await client.raiseEvent(id, 'approval_received', { approver: 'Jane Doe' });
    const done = await client.waitForWorkflowCompletion(id, true, 20);
    expect(done?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(done!.serializedOutput!)).toBe("Approved by 'Jane Doe'");
    expect(JSON.parse(done!.serializedInput!)).toEqual(APPROVAL);
  });

  test('suspend holds a raised event until resume', async () => {
    const id = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', APPROVAL, `${kind}-paused`);
    await waitingFor(id, 'approval_received');
    await client.suspendWorkflow(id);
    expect((await client.getWorkflowState(id, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.SUSPENDED);
    await client.raiseEvent(id, 'approval_received', { approver: 'Ada' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await client.getWorkflowState(id, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.SUSPENDED);
    await client.resumeWorkflow(id);
    const done = await client.waitForWorkflowCompletion(id, true, 20);
    expect(JSON.parse(done!.serializedOutput!)).toBe("Approved by 'Ada'");
  });

  test('terminate ends the instance with its output; purge deletes it, and only once it has finished', async () => {
    const id = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', APPROVAL, `${kind}-stop`);
    await waitingFor(id, 'approval_received');
    await expect(client.purgeWorkflow(id)).rejects.toMatchObject({ code: 9 }); // FAILED_PRECONDITION: still running
    await client.terminateWorkflow(id, { reason: 'no longer needed' });
    const state = await client.getWorkflowState(id, true);
    expect(state?.runtimeStatus).toBe(WorkflowRuntimeStatus.TERMINATED);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ reason: 'no longer needed' });
    expect(await client.purgeWorkflow(id)).toBe(true);
    expect(await client.getWorkflowState(id, true)).toBeUndefined();
    expect(await h.host.store.getHistory(id)).toEqual([]);
  });

  test('terminate follows the recursive flag: the SDK (not recursive) leaves children running, recursive ends them', async () => {
    const children = async (parent: string) => (await h.host.store.listInstances({ parentInstanceId: parent, limit: 10 })).items;
    const until = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 15_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('condition never held');
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    for (const recursive of [false, true]) {
      const parent = await client.scheduleNewWorkflow('ParentWorkflow', { children: 2, childSeconds: 600 }, `${kind}-family-${recursive}`);
      await until(async () => (await children(parent)).filter((c) => c.status === 'RUNNING').length === 2);
      if (recursive) expect(await raw.taskHub('TerminateInstance', { instanceId: parent, recursive: true })).toMatchObject({ ok: true });
      else await client.terminateWorkflow(parent, null);
      expect((await client.getWorkflowState(parent, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.TERMINATED);
      if (recursive) await until(async () => (await children(parent)).every((c) => c.status === 'TERMINATED'));
      else {
        await new Promise((r) => setTimeout(r, 300));
        expect((await children(parent)).map((c) => c.status)).toEqual(['RUNNING', 'RUNNING']);
      }
    }
  });

  test("instance IDs with ':' (as the SDKs name child workflows) start and are found", async () => {
    const id = await client.scheduleNewWorkflow('HelloSequenceWorkflow', undefined, `${kind}-app:0001`);
    expect((await client.waitForWorkflowCompletion(id, false, 20))?.instanceId).toBe(`${kind}-app:0001`);
    expect((await h.host.store.getInstance(`${kind}-app:0001`))?.status).toBe('COMPLETED');
  });

  test('an event for an unknown instance is NOT_FOUND and creates nothing', async () => {
    await expect(client.raiseEvent(`${kind}-ghost`, 'approval_received', {})).rejects.toMatchObject({ code: 5 });
    expect(await h.host.store.getInstance(`${kind}-ghost`)).toBeUndefined();
  });
});
