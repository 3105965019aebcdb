// Workflow metadata apps declare (PUT /api/workflows/{name}): the handlers behind the token check, on real SQLite and
// PostgreSQL databases; the catalogue merges declarations with the registered workflows; the approvals inbox uses them.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { bindRoute, type ApiHandler } from '@/lib/api/route';
import {
  declareWorkflowHandler,
  getWorkflowHandler,
  listApprovalsHandler,
  listWorkflowsHandler,
  removeDeclarationHandler,
  type WorkflowApiContext,
} from '@/lib/api/workflow-handlers';
import type { CatalogWorkflowInfo } from '@/lib/api/workflows';
import type { ApprovalItem } from '@/lib/api/dto';
import { createDatabaseStore } from '@/lib/store/database-store';
import { MemoryInventory, registerBuiltInWorkflows } from '@/lib/workflows';
import { PrismaWorkflowDeclarations } from '@/lib/workflows/workflow-declarations';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

/** What the order app of the Python quickstart would declare for its workflow at start. */
const ORDER_METADATA = {
  description: 'Processes an order; over 50,000 it waits for a manager.',
  exampleInput: { item_name: 'cars', quantity: 10, total_cost: 150000 },
  events: [{ name: 'manager_approval', description: 'Approve the payment?', approvePayload: { approval: true }, rejectPayload: { approval: false }, commentField: 'comment' }],
};

let db: TestDatabase | undefined;
let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  delete process.env.WORKFLOW_API_TOKEN;
  for (const stop of stops.reverse()) await stop();
  stops = [];
  await db?.dispose();
  db = undefined;
});

/** The dashboard API's context on a fresh database: the built-ins registered (not run here), and the declarations. */
async function open(kind: 'sqlite' | 'postgresql'): Promise<WorkflowApiContext> {
  db = await createTestDatabase(kind);
  const store = createDatabaseStore(db.prisma, kind);
  stops.push(() => store.close());
  const runtime = new WorkflowRuntime({ store });
  registerBuiltInWorkflows(runtime, { inventory: new MemoryInventory() });
  const ctx: ApiContext = {
    client: runtime.client(),
    store,
    registry: runtime.registry,
    inventory: new MemoryInventory(),
    maxPayloadBytes: 1024 * 1024,
    dialect: kind,
    pingDatabase: async () => undefined,
  };
  return { ...ctx, declarations: new PrismaWorkflowDeclarations(db.prisma) };
}

/** Calls `handler` as its route does: token check, params, error mapping. */
function call<P>(ctx: WorkflowApiContext, handler: ApiHandler<P>, params: P, method: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
  const request = new Request('http://localhost/api/workflows', { method, body, headers });
  return bindRoute(async () => ctx, handler)(request, { params: Promise.resolve(params) });
}

const declare = (ctx: WorkflowApiContext, name: string, body: unknown) => call(ctx, declareWorkflowHandler, { name }, 'PUT', JSON.stringify(body));
const catalogue = async (ctx: WorkflowApiContext) => ((await (await call(ctx, listWorkflowsHandler, {}, 'GET')).json()) as { items: CatalogWorkflowInfo[] }).items;

describe.each(availableDatabases())('workflow metadata on %s', (kind) => {
  it('PUT declares a workflow (201, then 200 when replaced); GET /api/workflows lists it beside the built-ins, sorted', async () => {
    const ctx = await open(kind);
    const created = await declare(ctx, 'order_processing_workflow', ORDER_METADATA);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/workflows/order_processing_workflow');
    expect(await created.json()).toMatchObject({ name: 'order_processing_workflow', source: 'declared', ...ORDER_METADATA, createdAt: expect.any(String) });

    const items = await catalogue(ctx);
    const names = items.map((w) => w.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(items.find((w) => w.name === 'order_processing_workflow')).toEqual({ name: 'order_processing_workflow', source: 'declared', ...ORDER_METADATA });
    expect(items.find((w) => w.name === 'PurchaseOrderWorkflow')).toMatchObject({ source: 'built-in', events: [expect.objectContaining({ name: 'approval_received' })] });

    const replaced = await declare(ctx, 'order_processing_workflow', { description: 'Second version' });
    expect(replaced.status).toBe(200);
    const one = await call(ctx, getWorkflowHandler, { name: 'order_processing_workflow' }, 'GET');
    expect(await one.json()).toEqual({ name: 'order_processing_workflow', description: 'Second version', events: [], source: 'declared' });
    expect((await declare(ctx, 'bare', undefined)).status).toBe(201);
    expect((await catalogue(ctx)).find((w) => w.name === 'bare')).toEqual({ name: 'bare', events: [], source: 'declared' });
  });

  it('a built-in wins a name clash: the PUT is stored but says so, and the catalogue keeps the built-in', async () => {
    const ctx = await open(kind);
    const clash = await declare(ctx, 'PurchaseOrderWorkflow', { description: 'an impostor' });
    expect(clash.status).toBe(201);
    expect((await clash.json()).warning).toMatch(/a built-in workflow is named 'PurchaseOrderWorkflow'/);
    const entries = (await catalogue(ctx)).filter((w) => w.name === 'PurchaseOrderWorkflow');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: 'built-in', description: expect.not.stringContaining('impostor') });
    expect(await (await call(ctx, getWorkflowHandler, { name: 'PurchaseOrderWorkflow' }, 'GET')).json()).toMatchObject({ source: 'built-in' });
  });

  it('bad declarations are 400/413 with a message saying what is wrong, and store nothing', async () => {
    const ctx = await open(kind);
    const cases: [string, string | undefined, number, RegExp][] = [
      ['Order', '{"description":"x","color":"red"}', 400, /Unrecognized key: "color"/],
      ['Order', '{"description":', 400, /not valid JSON/],
      ['Order', '{"description":42}', 400, /description: Invalid input: expected string/],
      ['Order', '{"events":[{"name":"go"},{"name":"GO"}]}', 400, /event names must differ/],
      ['Order', '{"events":[{"description":"no name"}]}', 400, /events\.0\.name/],
      ['Order', '{"events":[{"name":"ok","approvePayload":true,"commentField":"why"}]}', 400, /approvePayload and rejectPayload must be JSON objects/],
      [' Order', '{}', 400, /starts or ends with white space/],
      ['Order', JSON.stringify({ exampleInput: 'x'.repeat(70_000) }), 413, /the limit is 65536 bytes/],
    ];
    for (const [name, body, status, message] of cases) {
      const response = await call(ctx, declareWorkflowHandler, { name }, 'PUT', body);
      const answer = await response.json();
      expect({ name, body: body?.slice(0, 50), status: response.status }).toEqual({ name, body: body?.slice(0, 50), status });
      expect(answer.message).toMatch(message);
    }
    expect(await db!.prisma.workflowDeclaration.count()).toBe(0);
  });

  it('DELETE forgets a declaration (204, then 404); GET of an unknown name is 404', async () => {
    const ctx = await open(kind);
    await declare(ctx, 'Temporary', { description: 'for a while' });
    expect((await call(ctx, removeDeclarationHandler, { name: 'Temporary' }, 'DELETE')).status).toBe(204);
    const again = await call(ctx, removeDeclarationHandler, { name: 'Temporary' }, 'DELETE');
    expect([again.status, (await again.json()).errorCode]).toEqual([404, 'ERR_NOT_FOUND']);
    const unknown = await call(ctx, getWorkflowHandler, { name: 'Temporary' }, 'GET');
    expect([unknown.status, (await unknown.json()).message]).toEqual([404, "no workflow named 'Temporary' is registered or declared"]);
  });

  it('requires the API token when one is configured', async () => {
    const ctx = await open(kind);
    process.env.WORKFLOW_API_TOKEN = 'sesame';
    expect((await declare(ctx, 'Order', ORDER_METADATA)).status).toBe(401);
    expect(await db!.prisma.workflowDeclaration.count()).toBe(0);
    const allowed = await call(ctx, declareWorkflowHandler, { name: 'Order' }, 'PUT', JSON.stringify(ORDER_METADATA), { authorization: 'Bearer sesame' });
    expect(allowed.status).toBe(201);
  });

  it('the approvals inbox offers the declared event of a workflow another worker runs; undeclared ones only by name', async () => {
    const ctx = await open(kind);
    // A worker of its own runs the workflows; this process only serves the API (its registry has the built-ins).
    const worker = new WorkflowRuntime({ store: ctx.store, pollIntervalMs: 20 });
    const waitsForApproval = function* (c: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
      return yield c.waitForExternalEvent('manager_approval');
    };
    worker.registerWorkflowWithName('order_processing_workflow', waitsForApproval).registerWorkflowWithName('undeclared_workflow', waitsForApproval);
    await worker.start();
    stops.push(() => worker.stop());
    await declare(ctx, 'order_processing_workflow', ORDER_METADATA);
    await worker.client().scheduleNewWorkflow('order_processing_workflow', ORDER_METADATA.exampleInput, 'declared-1');
    await worker.client().scheduleNewWorkflow('undeclared_workflow', undefined, 'undeclared-1');
    let items: ApprovalItem[] = [];
    await expect
      .poll(async () => (items = ((await (await call(ctx, listApprovalsHandler, {}, 'GET')).json()) as { items: ApprovalItem[] }).items).length, { timeout: 10_000 })
      .toBe(2);
    expect(items.find((i) => i.instanceId === 'declared-1')).toMatchObject({ eventName: 'manager_approval', event: ORDER_METADATA.events[0] });
    expect(items.find((i) => i.instanceId === 'undeclared-1')).not.toHaveProperty('event');
  });
});
