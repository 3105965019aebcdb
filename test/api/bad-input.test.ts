// Malformed requests and the documented limits (issue 12, items 4 and 7), through the API's handlers with real Requests
// on real SQLite and PostgreSQL databases: each is a JSON 400/404/409 saying what was wrong, and the database is
// exactly as it was after every refused call.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { handleDaprRequest } from '@/lib/api/dapr-api';
import { historyHandler, instanceActionHandler, listInstancesHandler } from '@/lib/api/instance-handlers';
import { bindRoute, routes, type ApiHandler, type RouteOptions } from '@/lib/api/route';
import { INSTANCE_LIST_PARAMS } from '@/lib/api/schemas';
import { listWorkflowsHandler } from '@/lib/api/workflow-handlers';
import { eventRaised, orchestratorStarted } from '@/lib/engine/history-builders';
import type { HistoryEvent } from '@/lib/engine/history-events';
import { MAX_EXECUTION_EVENTS, MAX_HISTORY_EVENTS } from '@/lib/engine/limits';
import type { WorkflowStore } from '@/lib/engine/store';
import { createDatabaseStore } from '@/lib/store/database-store';
import { MemoryInventory } from '@/lib/workflows';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { LEASE, newInstance, stepOf } from '../store/contract/fixtures';
import { until } from './memory-context';

/** A workflow name no worker here runs: instances of it stay exactly as a test leaves them. */
const IDLE = 'IdleWorkflow';

let db: TestDatabase;
let store: WorkflowStore;
let runtime: WorkflowRuntime;
let ctx: ApiContext;

async function open(kind: 'sqlite' | 'postgresql'): Promise<void> {
  db = await createTestDatabase(kind);
  store = createDatabaseStore(db.prisma, kind);
  runtime = new WorkflowRuntime({ store, pollIntervalMs: 20, log: () => undefined });
  runtime.registerWorkflowWithName('WaitForGo', function* (c: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
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

const dapr = (method: string, path: string, body?: BodyInit) => {
  const url = `http://localhost/v1.0/${path}`;
  const segments = new URL(url).pathname.split('/').slice(2).map(decodeURIComponent);
  return handleDaprRequest(new Request(url, { method, body }), 'v1.0', segments, async () => ctx);
};

/** Calls `handler` as its route file binds it (token check, query rule, error mapping). */
function call<P>(handler: ApiHandler<P>, params: P, method: string, path: string, body?: BodyInit, options?: RouteOptions): Promise<Response> {
  return bindRoute(async () => ctx, handler, options)(new Request(`http://localhost${path}`, { method, body }), { params: Promise.resolve(params) });
}

/** Every row of the engine's tables, in a fixed order. */
async function snapshot(): Promise<unknown> {
  const p = db.prisma;
  return {
    instances: await p.workflowInstance.findMany({ orderBy: { instanceId: 'asc' } }),
    history: await p.historyEvent.findMany({ orderBy: [{ instanceId: 'asc' }, { sequence: 'asc' }] }),
    inbox: await p.inboxMessage.findMany({ orderBy: { id: 'asc' } }),
    tasks: await p.activityTask.findMany({ orderBy: { id: 'asc' } }),
  };
}

/** Runs `call`, expects `status` and `errorCode` (and `message` in its message), and that the database did not change. */
async function expectRefused(call: () => Promise<Response>, status: number, errorCode: string, message?: string | RegExp): Promise<string> {
  const before = await snapshot();
  const response = await call();
  const body = await response.json();
  expect({ status: response.status, errorCode: body.errorCode }).toEqual({ status, errorCode });
  if (message) expect(body.message).toMatch(message);
  expect(await snapshot()).toEqual(before);
  return body.message;
}

/** An instance of IDLE, RUNNING, whose history is ExecutionStarted and then `events` (committed as one step). */
async function prefilled(instanceId: string, events: HistoryEvent[]): Promise<void> {
  await store.createInstance(newInstance(instanceId, { name: IDLE, createdAt: new Date() }));
  const [item] = await store.claimWorkflowWorkItems('prefill', 1, LEASE, new Date(), { only: [IDLE] });
  await store.commitWorkflowStep('prefill', stepOf(item, { newEvents: [...item.messages.map((m) => m.event), ...events] }));
}

/** A started WaitForGo instance, waiting for its event. */
async function waiting(instanceId: string): Promise<void> {
  await runtime.client().scheduleNewWorkflow('WaitForGo', undefined, instanceId);
  await until(async () => (await store.getInstance(instanceId))?.waitingOn?.events.length === 1, `${instanceId} waiting`);
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(availableDatabases())('malformed requests and limits on %s', (kind) => {
  beforeEach(() => open(kind));

  test('a list cursor with an out-of-range or non-integer time, or of another shape, is 400 naming the cursor (was 500 "Invalid Date")', async () => {
    await waiting('c1');
    await waiting('c2');
    for (const cursor of [cursorOf([1e308, 'x']), cursorOf([8.64e15 + 1, 'x']), cursorOf([1.5, 'x']), cursorOf(['0', 'x']), cursorOf([0, 'x', 1]), cursorOf({})]) {
      await expectRefused(() => call(listInstancesHandler, {}, 'GET', `/api/instances?cursor=${cursor}`), 400, 'ERR_MALFORMED_REQUEST', /^invalid request query: cursor:/);
    }
    const first = await (await call(listInstancesHandler, {}, 'GET', '/api/instances?limit=1')).json();
    const second = await (await call(listInstancesHandler, {}, 'GET', `/api/instances?limit=1&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((i: { instanceId: string }) => i.instanceId).sort()).toEqual(['c1', 'c2']);
  });

  test('integers in queries are decimal digits only: hex, exponents, signs, points, spaces and leading zeros are 400', async () => {
    await waiting('n1');
    for (const limit of ['0x10', '1e2', '+5', '-1', '5.0', '05', '%205', '', '1_0', 'Infinity']) {
      await expectRefused(() => call(listInstancesHandler, {}, 'GET', `/api/instances?limit=${limit}`), 400, 'ERR_MALFORMED_REQUEST', /limit/);
    }
    await expectRefused(() => call(historyHandler, { id: 'n1' }, 'GET', '/api/instances/n1/history?from=1e1'), 400, 'ERR_MALFORMED_REQUEST', /from/);
    await expectRefused(() => call(historyHandler, { id: 'n1' }, 'GET', '/api/instances/n1/history?limit=0x2'), 400, 'ERR_MALFORMED_REQUEST', /limit/);
    const page = await (await call(listInstancesHandler, {}, 'GET', '/api/instances?limit=16')).json();
    expect(page.items.map((i: { instanceId: string }) => i.instanceId)).toEqual(['n1']);
    const history = await (await call(historyHandler, { id: 'n1' }, 'GET', '/api/instances/n1/history?from=0&limit=2')).json();
    expect(history.events).toHaveLength(2);
  });

  test('a repeated query parameter is 400 naming it, on every route; only the list parameter status may repeat', async () => {
    await waiting('r1');
    const listOptions = { listParams: INSTANCE_LIST_PARAMS };
    await expectRefused(() => call(listInstancesHandler, {}, 'GET', '/api/instances?limit=1&limit=2', undefined, listOptions), 400, 'ERR_MALFORMED_REQUEST', "query parameter 'limit' is given 2 times");
    await expectRefused(() => call(historyHandler, { id: 'r1' }, 'GET', '/api/instances/r1/history?from=0&from=1'), 400, 'ERR_MALFORMED_REQUEST', "'from'");
    await expectRefused(() => call(listWorkflowsHandler, {}, 'GET', '/api/workflows?x=1&x=2'), 400, 'ERR_MALFORMED_REQUEST', "'x'");
    await expectRefused(() => dapr('POST', 'workflows/dapr/WaitForGo/start?instanceID=r2&instanceID=r3'), 400, 'ERR_MALFORMED_REQUEST', "'instanceID'");
    await expectRefused(() => dapr('GET', 'workflows/dapr/r1?a=1&a=1'), 400, 'ERR_MALFORMED_REQUEST', "'a'");
    await expectRefused(() => dapr('GET', 'healthz?probe=1&probe=2'), 400, 'ERR_MALFORMED_REQUEST', "'probe'");
    const statuses = await call(listInstancesHandler, {}, 'GET', '/api/instances?status=RUNNING&status=COMPLETED,FAILED', undefined, listOptions);
    expect((await statuses.json()).items.map((i: { instanceId: string }) => i.instanceId)).toEqual(['r1']);
  });

  test('event names: over 256 characters, control and bidirectional characters, white space at the ends are 400; others are accepted', async () => {
    await waiting('e1');
    const bad: [string, RegExp][] = [
      ['x'.repeat(8192), /the event name is 8192 characters long; the limit is 256/],
      ['go\u0007', /control character \(U\+0007 at character 2\)/],
      ['go\nnow', /control character \(U\+000A/],
      ['\u202Eog', /bidirectional formatting character \(U\+202E at character 0\)/],
      ['a\u2066b\u2069', /bidirectional formatting character \(U\+2066/],
      [' go', /starts or ends with white space/],
      ['\ud800go', /unpaired surrogate/],
    ];
    for (const [name, message] of bad) {
      if (!name.includes('\ud800')) {
        await expectRefused(() => dapr('POST', `workflows/dapr/e1/raiseEvent/${encodeURIComponent(name)}`, '{}'), 400, 'ERR_MALFORMED_REQUEST', message);
      }
      const body = JSON.stringify({ eventName: name, payload: 1 });
      await expectRefused(() => call(instanceActionHandler, { id: 'e1', action: 'raise-event' }, 'POST', '/api/instances/e1/raise-event', body), 400, 'ERR_MALFORMED_REQUEST', message);
      await expect(runtime.client().raiseEvent('e1', name)).rejects.toMatchObject({ name: 'InvalidNameError' });
    }
    await expectRefused(() => dapr('POST', `workflows/dapr/${'W'.repeat(300)}/start?instanceID=e2`), 400, 'ERR_MALFORMED_REQUEST', /the workflow name is 300 characters long/);
    expect((await dapr('POST', `workflows/dapr/e1/raiseEvent/${encodeURIComponent('Freigabe-✓ (2. Stufe)')}`, '1')).status).toBe(202);
    expect((await dapr('POST', `workflows/dapr/e1/raiseEvent/${'g'.repeat(256)}`, '1')).status).toBe(202);
  });

  test('a body that is not UTF-8 is 400 saying where, instead of being stored with replacement characters', async () => {
    await waiting('u1');
    const latin1 = Buffer.from('{"name":"Müller"}', 'latin1');
    await expectRefused(() => dapr('POST', 'workflows/dapr/WaitForGo/start?instanceID=u2', latin1), 400, 'ERR_MALFORMED_REQUEST', /not valid UTF-8 \(at byte 10 of 17\)/);
    await expectRefused(() => dapr('POST', 'workflows/dapr/u1/raiseEvent/go', Buffer.from([0x22, 0xc3, 0x28, 0x22])), 400, 'ERR_MALFORMED_REQUEST', /not valid UTF-8/);
    const body = Buffer.concat([Buffer.from('{"eventName":"go","payload":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    await expectRefused(() => call(instanceActionHandler, { id: 'u1', action: 'raise-event' }, 'POST', '/api/instances/u1/raise-event', body), 400, 'ERR_MALFORMED_REQUEST', /not valid UTF-8/);
    expect((await dapr('POST', 'workflows/dapr/WaitForGo/start?instanceID=u3', Buffer.from('{"name":"Müller"}'))).status).toBe(202);
  });

  test(`an execution takes at most ${MAX_EXECUTION_EVENTS} external events: the next raise is 409 saying so, and the database is unchanged`, async () => {
    const events = Array.from({ length: MAX_EXECUTION_EVENTS - 2 }, (_, i) => eventRaised(new Date(), `unawaited-${i}`, String(i)));
    await prefilled('x1', events);
    expect((await dapr('POST', 'workflows/dapr/x1/raiseEvent/one', '1')).status).toBe(202); // 9,998 in the history, then 1 and 2 in the inbox
    const body = JSON.stringify({ eventName: 'two', payload: 2 });
    expect((await call(instanceActionHandler, { id: 'x1', action: 'raise-event' }, 'POST', '/api/instances/x1/raise-event', body)).status).toBe(202);
    const message = await expectRefused(() => dapr('POST', 'workflows/dapr/x1/raiseEvent/three', '3'), 409, 'ERR_RAISE_EVENT_WORKFLOW');
    expect(message).toBe(
      `cannot raise an event on instance 'x1': its current execution has received ${MAX_EXECUTION_EVENTS} external events, the most one execution may receive is ${MAX_EXECUTION_EVENTS} (the workflow should consume them and continue as new)`,
    );
    await expectRefused(() => call(instanceActionHandler, { id: 'x1', action: 'raise-event' }, 'POST', '/api/instances/x1/raise-event', body), 409, 'ERR_RAISE_EVENT_WORKFLOW', /10000 external events/);
    await expect(runtime.client().raiseEvent('x1', 'four')).rejects.toMatchObject({ name: 'InstanceLimitError', limit: 'executionEvents' });
    expect((await dapr('POST', 'workflows/dapr/x1/pause')).status).toBe(202); // the event limit does not hold pause back
  });

  test(`an instance's history holds at most ${MAX_HISTORY_EVENTS} events: raise event and pause are 409, terminate still works`, async () => {
    await prefilled('h1', Array.from({ length: MAX_HISTORY_EVENTS - 1 }, () => orchestratorStarted(new Date())));
    const raise = await expectRefused(() => dapr('POST', 'workflows/dapr/h1/raiseEvent/go', '1'), 409, 'ERR_RAISE_EVENT_WORKFLOW');
    expect(raise).toBe(`cannot raise an event on instance 'h1': its history has ${MAX_HISTORY_EVENTS} events, the most an instance may have is ${MAX_HISTORY_EVENTS} (the workflow should continue as new; terminate still works)`);
    await expectRefused(() => dapr('POST', 'workflows/dapr/h1/pause'), 409, 'ERR_PAUSE_WORKFLOW', /^cannot pause instance 'h1': its history has 50000 events/);
    await expectRefused(() => call(instanceActionHandler, { id: 'h1', action: 'pause' }, 'POST', '/api/instances/h1/pause', '{}'), 409, 'ERR_PAUSE_WORKFLOW', /history has 50000 events/);
    expect((await dapr('POST', 'workflows/dapr/h1/terminate')).status).toBe(202);
    expect((await db.prisma.inboxMessage.findMany({ where: { instanceId: 'h1' } })).map((m) => JSON.parse(m.event).kind)).toEqual(['ExecutionTerminated']);
  });

  test("OPTIONS answers 204 with the methods the path really serves; unknown paths are 404", async () => {
    const allow = async (path: string) => {
      const response = await dapr('OPTIONS', path);
      return [response.status, response.headers.get('allow')];
    };
    expect(await allow('workflows/dapr/abc')).toEqual([204, 'GET, HEAD, OPTIONS']);
    expect(await allow('workflows/dapr/W/start')).toEqual([204, 'POST, OPTIONS']);
    expect(await allow('workflows/dapr/abc/raiseEvent/go')).toEqual([204, 'POST, OPTIONS']);
    expect(await allow('metadata')).toEqual([204, 'GET, HEAD, OPTIONS']);
    expect(await allow('healthz')).toEqual([204, 'GET, HEAD, OPTIONS']);
    expect(await allow('state/store')).toEqual([204, 'POST, PUT, OPTIONS']);
    expect(await allow('state/store/key')).toEqual([204, 'GET, HEAD, DELETE, OPTIONS']);
    expect(await allow('state/store/bulk')).toEqual([204, 'GET, HEAD, DELETE, POST, PUT, OPTIONS']);
    await expectRefused(() => dapr('OPTIONS', 'workflows/dapr/abc/explode'), 404, 'ERR_NOT_FOUND');
    await expectRefused(() => dapr('OPTIONS', 'workflows/temporal/abc'), 404, 'ERR_WORKFLOW_COMPONENT_NOT_FOUND');
    const bound = routes({ GET: bindRoute(async () => ctx, listWorkflowsHandler) });
    const options = await bound.OPTIONS(new Request('http://localhost/api/workflows', { method: 'OPTIONS' }), { params: Promise.resolve({}) });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    const refused = await bound.POST(new Request('http://localhost/api/workflows', { method: 'POST' }), { params: Promise.resolve({}) });
    expect([refused.status, refused.headers.get('allow'), (await refused.json()).errorCode]).toEqual([405, 'GET', 'ERR_METHOD_NOT_ALLOWED']);
  });
});
