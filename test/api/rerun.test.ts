// Rerun from an event and continue-as-new executions through the API's handlers, on a real engine over real SQLite
// and PostgreSQL: a failed instance rerun from its failing task with a new input completes, the source unchanged and
// both linked; a rerun from a child re-creates it; refusals are 400/404/409 with the database unchanged; a
// continued-as-new instance lists its kept executions, each with its history.
import { afterEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { executionsHandler, historyHandler, rerunHandler, rerunLinksHandler } from '@/lib/api/instance-handlers';
import { bindRoute, type ApiHandler } from '@/lib/api/route';
import type { WorkflowStore } from '@/lib/engine/store';
import { createDatabaseStore } from '@/lib/store/database-store';
import { MemoryInventory } from '@/lib/workflows';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

let db: TestDatabase;
let store: WorkflowStore;
let runtime: WorkflowRuntime;
let ctx: ApiContext;

/** Chain: double(input) then check(doubled), which fails on an odd number; Parent: a Chain child; Count: continues as new until 3. */
async function open(kind: 'sqlite' | 'postgresql'): Promise<void> {
  db = await createTestDatabase(kind);
  store = createDatabaseStore(db.prisma, kind);
  runtime = new WorkflowRuntime({ store, pollIntervalMs: 20, maxKeptExecutions: 2, log: () => undefined });
  runtime.registerActivityWithName('double', (_c, n: number) => n * 2);
  runtime.registerActivityWithName('check', (_c, n: number) => {
    if (n % 2) throw new Error(`odd: ${n}`);
    return `checked ${n}`;
  });
  runtime.registerWorkflowWithName('Chain', function* (c: WorkflowContext, n: number): Generator<Task<unknown>, unknown, unknown> {
    const doubled = yield c.callActivity('double', n);
    return yield c.callActivity('check', (doubled as number) + (n < 0 ? 1 : 0));
  });
  runtime.registerWorkflowWithName('Parent', function* (c: WorkflowContext, n: number): Generator<Task<unknown>, unknown, unknown> {
    return yield c.callChildWorkflow('Chain', n);
  });
  runtime.registerWorkflowWithName('Count', function* (c: WorkflowContext, n: number): Generator<Task<unknown>, unknown, unknown> {
    yield c.createTimer(new Date(c.getCurrentUtcDateTime().getTime() + 1));
    if (n < 3) c.continueAsNew(n + 1);
    return n;
  });
  runtime.registerWorkflowWithName('Wait', function* (c: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return yield c.waitForExternalEvent('go');
  });
  await runtime.start();
  ctx = { client: runtime.client(), store, registry: runtime.registry, inventory: new MemoryInventory(), maxPayloadBytes: 64 * 1024, dialect: kind, pingDatabase: async () => undefined };
}

afterEach(async () => {
  await runtime.stop();
  await store.close();
  await db.dispose();
});

/** Calls `handler` as its route file binds it (token check, query rule, error mapping); the JSON answer and status. */
async function call<P>(handler: ApiHandler<P>, params: P, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const init = { method, body: body === undefined ? undefined : JSON.stringify(body) };
  const response = await bindRoute(async () => ctx, handler)(new Request(`http://localhost${path}`, init), { params: Promise.resolve(params) });
  return { status: response.status, body: await response.json() };
}

const rerun = (id: string, body: unknown) => call(rerunHandler, { id }, 'POST', `/api/instances/${id}/rerun`, body);
const history = async (id: string, executionId?: string) =>
  (await call(historyHandler, { id }, 'GET', `/api/instances/${id}/history?limit=1000${executionId ? `&executionId=${executionId}` : ''}`)).body.events as { kind: string; eventId: number; name?: string }[];

async function finished(id: string) {
  return (await runtime.client().waitForWorkflowCompletion(id, true, 30))!;
}

/** The eventId of the TaskScheduled (or other scheduling event) of `name` in the instance's history. */
async function taskId(id: string, kind: string, name: string): Promise<number> {
  return (await history(id)).find((e) => e.kind === kind && e.name === name)!.eventId;
}

/** Every row the engine keeps, in a fixed order. */
async function snapshot(): Promise<unknown> {
  const p = db.prisma;
  return {
    instances: await p.workflowInstance.findMany({ orderBy: { instanceId: 'asc' } }),
    history: await p.historyEvent.findMany({ orderBy: [{ instanceId: 'asc' }, { sequence: 'asc' }] }),
    inbox: await p.inboxMessage.findMany({ orderBy: { id: 'asc' } }),
    tasks: await p.activityTask.findMany({ orderBy: { id: 'asc' } }),
    links: await p.rerunLink.findMany({ orderBy: { instanceId: 'asc' } }),
  };
}

describe.each(availableDatabases())('rerun and executions on %s', (kind) => {
  test('a failed instance rerun from its failing task with a new input completes; the source is unchanged and both are linked', async () => {
    await open(kind);
    await runtime.client().scheduleNewWorkflow('Chain', -3, 'order-1');
    expect((await finished('order-1')).runtimeStatus).toBe('FAILED');
    const before = await history('order-1');
    const check = await taskId('order-1', 'TaskScheduled', 'check');

    const answer = await rerun('order-1', { fromEventId: check, input: 8 });
    expect(answer).toEqual({ status: 202, body: { instanceId: 'order-1-rerun-1', sourceInstanceId: 'order-1', fromEventId: check } });
    const state = await finished('order-1-rerun-1');
    expect(state).toMatchObject({ runtimeStatus: 'COMPLETED', serializedOutput: '"checked 8"', serializedInput: '-3' });
    const rerunHistory = await history('order-1-rerun-1');
    expect(rerunHistory.filter((e) => e.kind === 'TaskScheduled').map((e) => e.name)).toEqual(['double', 'check']);
    expect(rerunHistory.map((e) => e.kind)).not.toContain('TaskFailed');

    expect(await history('order-1')).toEqual(before);
    expect((await runtime.client().getWorkflowState('order-1'))!.runtimeStatus).toBe('FAILED');
    const links = await call(rerunLinksHandler, { id: 'order-1' }, 'GET', '/api/instances/order-1/rerun');
    expect(links.body.reruns).toMatchObject([{ instanceId: 'order-1-rerun-1', sourceInstanceId: 'order-1', fromEventId: check }]);
    const back = await call(rerunLinksHandler, { id: 'order-1-rerun-1' }, 'GET', '/api/instances/order-1-rerun-1/rerun');
    expect(back.body).toMatchObject({ source: { sourceInstanceId: 'order-1', fromEventId: check }, reruns: [] });
  });

  test('a rerun from the first task with a new workflow input takes the next default ID and runs the workflow on', async () => {
    await open(kind);
    await runtime.client().scheduleNewWorkflow('Chain', -3, 'order-2');
    await finished('order-2');
    await rerun('order-2', { fromEventId: 0, newInstanceId: 'order-2-rerun-1' }).then((r) => expect(r.status).toBe(202));
    const second = await rerun('order-2', { fromEventId: await taskId('order-2', 'TaskScheduled', 'double'), workflowInput: 5, input: 5 });
    expect(second.body.instanceId).toBe('order-2-rerun-2');
    // The recorded double task keeps its new input; the workflow's own input is now 5 (no +1), so check(10) passes.
    expect(await finished('order-2-rerun-2')).toMatchObject({ runtimeStatus: 'COMPLETED', serializedOutput: '"checked 10"', serializedInput: '5' });
  });

  test('a rerun from a child workflow re-creates it under a new ID and leaves the source child alone', async () => {
    await open(kind);
    await runtime.client().scheduleNewWorkflow('Parent', -1, 'p');
    expect((await finished('p')).runtimeStatus).toBe('FAILED');
    const childTask = await taskId('p', 'SubOrchestrationInstanceCreated', 'Chain');
    const childBefore = await history('p-child-0');
    await rerun('p', { fromEventId: childTask, input: 4, newInstanceId: 'p2' });
    expect(await finished('p2')).toMatchObject({ runtimeStatus: 'COMPLETED', serializedOutput: '"checked 8"' });
    expect((await finished('p2-child-0')).runtimeStatus).toBe('COMPLETED');
    expect(await history('p-child-0')).toEqual(childBefore);
  });

  test('refusals are 400, 404 or 409 with a clear message, and write nothing', async () => {
    await open(kind);
    await runtime.client().scheduleNewWorkflow('Chain', -3, 'done');
    await runtime.client().scheduleNewWorkflow('Wait', undefined, 'live');
    await finished('done');
    await runtime.client().waitForWorkflowStart('live');
    const refused = async (id: string, body: unknown, status: number, errorCode: string, message: RegExp) => {
      const before = await snapshot();
      const answer = await rerun(id, body);
      expect({ status: answer.status, errorCode: answer.body.errorCode }).toEqual({ status, errorCode });
      expect(answer.body.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    };
    await refused('ghost', { fromEventId: 0 }, 404, 'ERR_INSTANCE_ID_NOT_FOUND', /ghost/);
    await refused('done', { fromEventId: 99 }, 400, 'ERR_RERUN_EVENT_INVALID', /no task with event ID 99/);
    await refused('done', {}, 400, 'ERR_MALFORMED_REQUEST', /fromEventId/);
    await refused('done', { fromEventId: '0' }, 400, 'ERR_MALFORMED_REQUEST', /fromEventId/);
    await refused('done', { fromEventId: 0, extra: 1 }, 400, 'ERR_MALFORMED_REQUEST', /extra/);
    await refused('done', { fromEventId: 0, newInstanceId: 'bad id!' }, 400, 'ERR_INSTANCE_ID_INVALID', /bad id/);
    await refused('done', { fromEventId: 0, newInstanceId: 'live' }, 409, 'ERR_RERUN_WORKFLOW', /'live' already exists/);
    await refused('done', { fromEventId: 0, newInstanceId: 'done' }, 409, 'ERR_RERUN_WORKFLOW', /'done' already exists/);
    await refused('done', { fromEventId: 0, input: 'x'.repeat(70 * 1024) }, 413, 'ERR_PAYLOAD_TOO_LARGE', /input/);
    await refused('live', { fromEventId: 0 }, 409, 'ERR_RERUN_WORKFLOW', /it is RUNNING.*terminate it first/);
  });

  test('a continued-as-new instance lists its executions, the oldest beyond the cap dropped, each with its history', async () => {
    await open(kind);
    await runtime.client().scheduleNewWorkflow('Count', 0, 'count');
    expect(await finished('count')).toMatchObject({ runtimeStatus: 'COMPLETED', serializedOutput: '3' });
    const { status, body } = await call(executionsHandler, { id: 'count' }, 'GET', '/api/instances/count/executions');
    expect(status).toBe(200);
    expect(body.total).toBe(4);
    expect(body.executions.map((e: { index: number; status: string; current: boolean; input: unknown }) => [e.index, e.status, e.current, e.input])).toEqual([
      [2, 'CONTINUED_AS_NEW', false, 1],
      [3, 'CONTINUED_AS_NEW', false, 2],
      [4, 'COMPLETED', true, 3],
    ]);
    expect(body.executions[0].output).toBe(2);
    const closed = await history('count', body.executions[0].executionId);
    expect(closed.map((e) => e.kind)).toEqual(expect.arrayContaining(['ExecutionStarted', 'TimerCreated', 'TimerFired', 'ExecutionCompleted']));
    expect(closed.at(-1)!.kind).toBe('OrchestratorCompleted');
    expect(await history('count', body.executions[2].executionId)).toEqual(await history('count'));
    const gone = await call(historyHandler, { id: 'count' }, 'GET', '/api/instances/count/history?executionId=nope');
    expect({ status: gone.status, errorCode: gone.body.errorCode }).toEqual({ status: 404, errorCode: 'ERR_NOT_FOUND' });
  });
});
