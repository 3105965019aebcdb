// The engine end to end on the SQLite store: workers, client and store fit together.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowActivityContext, type WorkflowContext } from '@/lib/engine';
import { createDatabaseStore } from '@/lib/store/database-store';
import { createTestDatabase, type TestDatabase } from '../support/databases';

let db: TestDatabase;
let runtime: WorkflowRuntime;

beforeEach(async () => {
  db = await createTestDatabase('sqlite');
  runtime = new WorkflowRuntime({ store: createDatabaseStore(db.prisma, 'sqlite'), pollIntervalMs: 50, log: () => undefined });
  runtime.registerActivityWithName('addOne', (ctx: WorkflowActivityContext, n: number) => {
    void ctx.log(`adding one to ${n}`);
    return n + 1;
  });
  runtime.registerWorkflowWithName('chain', function* (ctx: WorkflowContext, start: number): Generator<unknown, number, number> {
    let n = start;
    for (let i = 0; i < 5; i++) n = yield ctx.callActivity('addOne', n);
    return n;
  });
  await runtime.start();
});

afterEach(async () => {
  await runtime.stop();
  await db.dispose();
});

test('chaining workflows run to completion on SQLite with a gapless history', async () => {
  const client = runtime.client();
  const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => client.scheduleNewWorkflow('chain', i * 100, `chain-${i}`)));
  const states = await Promise.all(ids.map((id) => client.waitForWorkflowCompletion(id, true, 30)));
  expect(states.map((s) => s?.runtimeStatus)).toEqual(ids.map(() => 'COMPLETED'));
  expect(states.map((s) => s?.serializedOutput)).toEqual(ids.map((_, i) => String(i * 100 + 5)));

  const history = await runtime.store.getHistory('chain-3');
  expect(history.map((e) => e.sequence)).toEqual(history.map((_, i) => i));
  expect(history.filter((e) => e.kind === 'TaskCompleted')).toHaveLength(5);
  expect(history.at(-2)).toMatchObject({ kind: 'ExecutionCompleted', status: 'COMPLETED', output: '305' });
  const row = await runtime.store.getInstance('chain-3');
  expect(row).toMatchObject({ status: 'COMPLETED', historyLength: history.length, waitingOn: { activities: [] } });
  await expect.poll(async () => (await runtime.store.getActivityLogs('chain-3')).length).toBe(5);
});
