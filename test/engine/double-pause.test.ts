// Two pause requests racing on a RUNNING instance, over the Dapr HTTP API with the workers running, on SQLite and
// PostgreSQL: each is answered 202 (both passed the status check before the pause was applied) or 409
// ERR_PAUSE_WORKFLOW naming SUSPENDED (the first was applied already), and the history has one ExecutionSuspended.
import { afterEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { handleDaprRequest } from '@/lib/api/dapr-api';
import { createDatabaseStore } from '@/lib/store/database-store';
import { MemoryInventory } from '@/lib/workflows';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { until } from './suite/bed';

const ROUNDS = 10;

let db: TestDatabase | undefined;
let runtime: WorkflowRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  await runtime?.store.close();
  await db?.dispose();
});

for (const kind of availableDatabases()) {
  describe(`double pause on ${kind}`, () => {
    test(`${ROUNDS} rounds of two concurrent pauses: 202 or a clear 409, and one ExecutionSuspended each`, async () => {
      db = await createTestDatabase(kind);
      const store = createDatabaseStore(db.prisma, kind);
      runtime = new WorkflowRuntime({ store, pollIntervalMs: 20, log: () => undefined });
      runtime.registerWorkflowWithName('Waits', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
        return yield ctx.waitForExternalEvent('go');
      });
      await runtime.start();
      const ctx: ApiContext = { store, client: runtime.client(), registry: runtime.registry, inventory: new MemoryInventory(), maxPayloadBytes: 1024, dialect: kind, pingDatabase: async () => undefined };
      const post = (path: string) => {
        const url = `http://localhost/v1.0/workflows/dapr/${path}`;
        return handleDaprRequest(new Request(url, { method: 'POST' }), 'v1.0', new URL(url).pathname.split('/').slice(2), async () => ctx);
      };
      const statuses = new Set<number>();
      for (let round = 0; round < ROUNDS; round++) {
        const id = `pause-${round}`;
        expect((await post(`Waits/start?instanceID=${id}`)).status).toBe(202);
        await until(async () => (await store.getInstance(id))?.status === 'RUNNING', 'RUNNING');
        const answers = await Promise.all([post(`${id}/pause`), post(`${id}/pause`)]);
        for (const answer of answers) {
          statuses.add(answer.status);
          if (answer.status === 409) expect(await answer.json()).toMatchObject({ errorCode: 'ERR_PAUSE_WORKFLOW', message: expect.stringContaining('SUSPENDED') });
          else expect(answer.status).toBe(202);
        }
        expect(answers.some((a) => a.status === 202)).toBe(true);
        await until(async () => (await store.getInstance(id))?.status === 'SUSPENDED', 'SUSPENDED');
        // An event raised now is recorded after every message accepted before it (both pauses included).
        expect((await post(`${id}/raiseEvent/marker`)).status).toBe(202);
        await until(async () => (await store.getHistory(id)).some((e) => e.kind === 'EventRaised'), 'the marker event recorded');
        expect((await store.getHistory(id)).filter((e) => e.kind === 'ExecutionSuspended')).toHaveLength(1);
      }
      expect([...statuses].every((s) => s === 202 || s === 409)).toBe(true);
    });
  });
}

