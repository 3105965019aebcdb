// Several Flowdeck processes on one PostgreSQL, each serving gRPC with an SDK app connected to it: every
// workflow completes, each activity completes once, and both processes hand out work (a step is leased to one
// process at a time, so two workers never run it at once).
import { DaprWorkflowClient, LogLevel, WorkflowRuntimeStatus } from '@dapr/dapr';
import { describe, expect, test } from 'vitest';
import { createDatabaseStore } from '@/lib/store/database-store';
import { createTestDatabase, testPostgresUrl } from '../support/databases';
import { startFlowdeckProcess, startWorkerApp, type Child } from './support/child-process';
import { freePort } from './support/free-port';
import { completedMoreThanOnce } from './support/remote-checks';

const CHAIN = { count: 10, ms: 2 };
const INSTANCES = 60;

describe('two Flowdeck processes on one PostgreSQL, an SDK app on each', () => {
  test.runIf(testPostgresUrl() || process.env.CI === 'true')('every chain completes once; both apps ran steps', { timeout: 90_000 }, async () => {
    const database = await createTestDatabase('postgresql');
    const store = createDatabaseStore(database.prisma, 'postgresql');
    const children: Child[] = [];
    const clients: DaprWorkflowClient[] = [];
    try {
      const ports = [await freePort(), await freePort()];
      for (const port of ports) children.push(await startFlowdeckProcess(database.url, port, { FLOWDECK_LEASE_MS: '5000' }));
      const apps = [];
      for (const port of ports) apps.push(await startWorkerApp(port));
      children.push(...apps);
      const client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(ports[0]), logger: { level: LogLevel.Error } });
      clients.push(client);
      const ids = await Promise.all(Array.from({ length: INSTANCES }, (_, i) => client.scheduleNewWorkflow('stepsWorkflow', CHAIN, `multi-${i}`)));
      for (const id of ids) {
        const done = await client.waitForWorkflowCompletion(id, true, 60);
        expect([id, done?.runtimeStatus, done?.serializedOutput]).toEqual([id, WorkflowRuntimeStatus.COMPLETED, String(CHAIN.count)]);
        const history = await store.getHistory(id);
        expect(completedMoreThanOnce(history), id).toEqual([]);
        expect(history.filter((e) => e.kind === 'TaskCompleted'), id).toHaveLength(CHAIN.count);
      }
      // Both apps were handed work: each logged work items it received.
      for (const app of apps) expect(app.countLines(/Received "(Orchestrator|Activity) Request" work item/)).toBeGreaterThan(0);
    } finally {
      for (const c of clients) await c.stop();
      for (const child of children.reverse()) await child.kill('SIGTERM');
      await store.close();
      await database.dispose();
    }
  });
});
