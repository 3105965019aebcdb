// Approval requests on real SQLite and PostgreSQL with a running engine: a workflow asks (ctx.requestApproval),
// the inbox lists it in due order with true totals, one decision wins (a stale second one is refused, saying who
// decided), a paused instance gets its decision on resume, escalation after the due time, and ended instances close.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowClient } from '@/lib/engine';
import { createDatabaseStore } from '@/lib/store/database-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { MemoryInventory } from '@/lib/workflows/inventory';
import { Approvals, type ApprovalActor } from '@/lib/approvals/approvals';
import { instanceOfApprovalError } from '@/lib/approvals/approval-errors';
import { createPrismaApprovalStore } from '@/lib/approvals/prisma-approval-store';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const ada: ApprovalActor = { kind: 'person', name: 'Ada', role: 'approver', email: 'ada@example.com', groups: ['approvers'] };
const bob: ApprovalActor = { kind: 'person', name: 'Bob', role: 'approver', email: 'bob@example.com', groups: ['approvers'] };
const eve: ApprovalActor = { kind: 'person', name: 'Eve', role: 'approver', email: 'eve@example.com', groups: ['finance'] };

describe.each(availableDatabases())('approval requests on %s', (kind) => {
  let db: TestDatabase;
  let runtime: WorkflowRuntime;
  let client: WorkflowClient;
  let approvals: Approvals;

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    const store = createDatabaseStore(db.prisma, kind);
    runtime = new WorkflowRuntime({ store, pollIntervalMs: 20 });
    approvals = new Approvals({ requests: createPrismaApprovalStore(db.prisma), engine: store, maxPayloadBytes: 1 << 20, wake: () => runtime.notifier.workflowWork() });
    registerBuiltInWorkflows(runtime, { inventory: new MemoryInventory(), approvals: () => approvals });
    await runtime.start();
    client = runtime.client();
  });
  afterEach(async () => {
    await runtime.stop();
    await db.dispose();
  });

  /** Starts a purchase order and waits for its approval request. */
  async function order(cost: number, timeoutSeconds = 600) {
    const id = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost, product: 'desks', quantity: 2, timeoutSeconds });
    await expect.poll(async () => (await approvals.list(pending())).items.filter((r) => r.instanceId === id).length, { timeout: 10_000 }).toBe(1);
    const request = (await approvals.list(pending())).items.find((r) => r.instanceId === id)!;
    return { id, request };
  }
  const pending = (more = {}) => ({ status: 'pending' as const, now: new Date(), limit: 50, offset: 0, ...more });

  test('the workflow asks the approvers group; the decision names who decided and the order completes', async () => {
    const { id, request } = await order(2500);
    expect(request).toMatchObject({ workflowName: 'PurchaseOrderWorkflow', eventName: 'approval_received', status: 'pending', assignees: { users: [], groups: ['approvers'] } });
    expect(request.title).toContain('desks');
    expect(request.dueAt!.getTime()).toBeGreaterThan(Date.now());
    await approvals.decide(request.id, 'approve', 'looks fine', ada);
    const done = await client.waitForWorkflowCompletion(id, true, 15);
    expect(done?.serializedOutput).toBe(JSON.stringify("Approved by 'Ada'"));
    const history = await runtime.store.getHistory(id);
    const raised = history.find((e) => e.kind === 'EventRaised');
    expect(raised).toMatchObject({ name: 'approval_received', actor: { kind: 'person', name: 'Ada' } });
    expect(JSON.parse((raised as { input: string }).input)).toMatchObject({ approved: true, approver: 'Ada', comment: 'looks fine', requestId: request.id });
    expect((await approvals.get(request.id)).request).toMatchObject({ status: 'decided', decision: { approved: true, by: 'Ada', comment: 'looks fine' } });
  });

  test('two decisions on one request: exactly one event is sent; the other is refused with who decided what', async () => {
    const { id, request } = await order(3000);
    const results = await Promise.allSettled([approvals.decide(request.id, 'approve', undefined, ada), approvals.decide(request.id, 'reject', undefined, bob)]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    const reason = (refused[0] as PromiseRejectedResult).reason as Error;
    expect(reason.name).toBe('ApprovalDecidedError');
    expect(reason.message).toMatch(/already (approved by Ada|rejected by Bob) at /);
    await client.waitForWorkflowCompletion(id, true, 15);
    const events = (await runtime.store.getHistory(id)).filter((e) => e.kind === 'EventRaised');
    expect(events).toHaveLength(1);
    const again = await approvals.decide(request.id, 'approve', undefined, ada).catch((error: unknown) => error);
    expect(again).toMatchObject({ name: 'ApprovalDecidedError' });
    expect(instanceOfApprovalError(again)).toBe(id);
  });

  test('an approver may not decide what is assigned to another group; the request stays pending', async () => {
    const { id, request } = await order(1500);
    const refusal = await approvals.decide(request.id, 'approve', undefined, eve).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ name: 'ApprovalRefusedError', message: expect.stringContaining('group approvers') });
    expect(instanceOfApprovalError(refusal)).toBe(id);
    expect((await approvals.get(request.id)).request.status).toBe('pending');
  });

  test('a paused instance takes the decision on resume; the inbox shows it paused meanwhile', async () => {
    const { id, request } = await order(4000);
    await client.suspendWorkflow(id, 'checking the budget');
    await expect.poll(async () => (await client.getWorkflowState(id, false))?.runtimeStatus).toBe('SUSPENDED');
    const decided = await approvals.decide(request.id, 'approve', undefined, ada);
    expect(decided.instanceStatus).toBe('SUSPENDED');
    expect((await client.getWorkflowState(id, false))?.runtimeStatus).toBe('SUSPENDED');
    await client.resumeWorkflow(id);
    expect((await client.waitForWorkflowCompletion(id, true, 15))?.serializedOutput).toBe(JSON.stringify("Approved by 'Ada'"));
  });

  test('the inbox pages in due order with true totals, and "assigned to me" filters by user and group', async () => {
    const late = await order(2000, 40);
    const soon = await order(2000, 20);
    const none = await order(2000, 600);
    const page = await approvals.list(pending({ limit: 2 }));
    expect(page.total).toBe(3);
    expect(page.items.map((r) => r.instanceId)).toEqual([soon.id, late.id]);
    const next = await approvals.list(pending({ limit: 2, offset: 2 }));
    expect(next.items.map((r) => r.instanceId)).toEqual([none.id]);
    expect((await approvals.list(pending({ assignedTo: { email: 'ada@example.com', groups: ['Approvers'] } }))).total).toBe(3);
    expect((await approvals.list(pending({ assignedTo: { email: 'eve@example.com', groups: ['finance'] } }))).total).toBe(0);
    expect((await approvals.list(pending({ workflowName: 'OrderProcessingWorkflow' }))).total).toBe(0);
  });

  test('after the due time, escalation reassigns the request and can decide it by default', async () => {
    const id = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 5000, product: 'chairs', quantity: 1, timeoutSeconds: 600 });
    await expect.poll(async () => (await runtime.store.getInstance(id))?.waitingOn?.events.length ?? 0, { timeout: 10_000 }).toBe(1);
    const { request: first } = await approvals.request(
      { instanceId: id, eventName: 'approval_received', title: 'again', createdBy: 'test', assignees: { users: [], groups: ['approvers'] } },
      ada,
    );
    expect(first.title).not.toBe('again');
    const direct = await approvals.request(
      {
        instanceId: id,
        eventName: 'second_look',
        title: 'Second look',
        createdBy: 'test',
        dueAt: new Date(Date.now() - 1000),
        escalation: { reassignTo: ['finance'], decision: 'reject' },
        assignees: { users: [], groups: ['approvers'] },
      },
      ada,
    );
    expect(direct.created).toBe(true);
    expect(await approvals.escalateDue()).toBe(1);
    const escalated = (await approvals.get(direct.request.id)).request;
    expect(escalated).toMatchObject({ status: 'decided', assignees: { groups: ['finance'] }, decision: { approved: false, by: 'escalation' } });
    expect(escalated.escalatedAt).toBeDefined();
    expect(await approvals.escalateDue()).toBe(0);
  });

  test('a request whose instance ended is closed, and deciding it says so', async () => {
    const { id, request } = await order(2000);
    await client.terminateWorkflow(id);
    await client.waitForWorkflowCompletion(id, false, 10);
    expect(await approvals.closeEnded()).toBe(1);
    expect((await approvals.get(request.id)).request).toMatchObject({ status: 'closed', closedReason: 'its instance is TERMINATED' });
    const closed = await approvals.decide(request.id, 'approve', undefined, ada).catch((error: unknown) => error);
    expect(closed).toMatchObject({ name: 'ApprovalInstanceError' });
    expect(instanceOfApprovalError(closed)).toBe(id);
    await expect(approvals.request({ instanceId: id, eventName: 'x', title: 't', createdBy: 'a', assignees: { users: [], groups: [] } }, ada)).rejects.toMatchObject({
      name: 'ApprovalInstanceError',
    });
  });
});
