// Per-stream flow control of GetWorkItems (FLOWDECK_GRPC_MAX_OUTSTANDING, here 4): never more work items out
// on a stream than the cap, and work beyond it waits for room instead of being turned away (claimed, refused,
// logged as a failure and put back). With a hand-written worker and with a real @dapr/dapr 3.18 app, on SQLite
// and PostgreSQL.
import { DaprWorkflowClient, LogLevel, WorkflowRuntimeStatus } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { availableDatabases } from '../support/databases';
import { startWorkerApp, type Child } from './support/child-process';
import { RawSidecarClient } from './support/raw-client';
import { openRawWorker, type RawWorker } from './support/raw-worker';
import { waitUntil, workersConnected } from './support/remote-checks';
import { startRemoteHost, type RemoteHost } from './support/remote-host';

const CAP = 4;

// Read when a sidecar starts; both hosts of this file start under it.
beforeAll(() => {
  vi.stubEnv('FLOWDECK_GRPC_MAX_OUTSTANDING', String(CAP));
});
afterAll(() => {
  vi.unstubAllEnvs();
});

// The databases run side by side; the two tests of one host run one after the other (they share its streams).
describe.concurrent.each(availableDatabases())('flow control of work-item streams on %s', (kind) => {
  describe.sequential('one host', () => {
    let h: RemoteHost;
    const logged: string[] = [];

    beforeAll(async () => {
      h = await startRemoteHost(kind, { log: (level, message, error) => logged.push(`${level}: ${message}: ${error instanceof Error ? error.message : String(error)}`) });
    });
    afterAll(async () => {
      await h?.stop();
    });

    /** Work items claimed and then given back unrun (logged as a failed step or an activity not run). */
    const turnedAway = () => logged.filter((line) => /failed; it will be retried|was not run; it will run again/.test(line));

    test('a worker that holds its items gets exactly the cap; the rest waits and follows one by one as it answers', async () => {
      const raw = new RawSidecarClient(h.server.address);
      const worker: RawWorker = openRawWorker(h.server.address);
      try {
        await workersConnected(h.host);
        const ids = Array.from({ length: 10 }, (_, i) => `${kind}-capped-${i}`);
        for (const id of ids) expect(await raw.taskHub('StartInstance', { instanceId: id, name: 'HandWrittenWorkflow' })).toMatchObject({ ok: true });
        await worker.waitForSteps(CAP);
        await new Promise((r) => setTimeout(r, 500));
        expect(worker.steps()).toHaveLength(CAP);
        for (let answered = 0; answered < ids.length; answered++) {
          const step = worker.steps()[answered];
          await worker.answer('CompleteOrchestratorTask', { instanceId: step.instanceId, actions: [{ id: 1, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_COMPLETED' } }] });
          await waitUntil('the next step arrived', () => worker.steps().length >= Math.min(ids.length, answered + 1 + CAP));
          expect(worker.steps().length).toBeLessThanOrEqual(answered + 1 + CAP);
        }
        expect(new Set(worker.steps().map((s) => s.instanceId))).toEqual(new Set(ids));
        expect(turnedAway()).toEqual([]);
      } finally {
        worker.close();
        raw.close();
      }
    });

    test('a real SDK app runs a fan-out of 100 through the cap without any item turned away', async () => {
      let app: Child | undefined;
      const client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(h.server.port), logger: { level: LogLevel.Error } });
      try {
        app = await startWorkerApp(h.server.port);
        await waitUntil('the app is connected', () => (h.host.remoteWorkers?.connected() ?? 0) >= 1);
        const id = await client.scheduleNewWorkflow('fanOutWorkflow', { n: 100 }, `${kind}-capped-fan-out`);
        const done = await client.waitForWorkflowCompletion(id, true, 40);
        expect(done?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
        expect(JSON.parse(done!.serializedOutput!)).toBe(10100);
        expect(turnedAway()).toEqual([]);
      } finally {
        await client.stop();
        await app?.kill();
      }
    }, 45_000);
  });
  });
