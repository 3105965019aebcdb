// The approvals service and the webhooks together on real SQLite and PostgreSQL with a running engine: a purchase
// order's approval request, its escalation after the due time and its decision each reach the local receiver.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { WorkflowRuntime, type WorkflowClient } from '@/lib/engine';
import type { ApprovalActor } from '@/lib/approvals/approvals';
import { startProcessApprovals, type ProcessApprovals } from '@/lib/approvals/process-approvals';
import { createDatabaseStore } from '@/lib/store/database-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { MemoryInventory } from '@/lib/workflows/inventory';
import type { ApprovalNoticeBody } from '@/lib/webhooks/notice-body';
import type { WebhookDispatcher } from '@/lib/webhooks/webhook-dispatcher';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { startDispatcher, testSettings } from './fixtures';
import { startReceiver, type Receiver } from './receiver';

const ada: ApprovalActor = { kind: 'person', name: 'Ada', role: 'approver', email: 'ada@example.com', groups: ['approvers'] };

describe.each(availableDatabases())('approval notices from the approvals service on %s', (kind) => {
  let db: TestDatabase;
  let runtime: WorkflowRuntime;
  let client: WorkflowClient;
  let processApprovals: ProcessApprovals;
  let receiver: Receiver;
  let dispatcher: WebhookDispatcher;

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    receiver = await startReceiver();
    vi.stubEnv('FLOWDECK_APPROVAL_WEBHOOK_URL', `${receiver.url}/hook`);
    vi.stubEnv('FLOWDECK_PUBLIC_URL', 'https://flowdeck.example.com');
    const store = createDatabaseStore(db.prisma, kind);
    runtime = new WorkflowRuntime({ store, pollIntervalMs: 20, log: () => undefined });
    processApprovals = startProcessApprovals({ prisma: db.prisma, store, maxPayloadBytes: 1 << 20, wake: () => runtime.notifier.workflowWork(), sweep: false });
    registerBuiltInWorkflows(runtime, { inventory: new MemoryInventory(), approvals: () => processApprovals.approvals });
    await runtime.start();
    client = runtime.client();
    dispatcher = startDispatcher(db.prisma, testSettings());
  });
  afterEach(async () => {
    await dispatcher.stop();
    processApprovals.stop();
    await runtime.stop();
    vi.unstubAllEnvs();
    await receiver.close();
    await db.dispose();
  });

  const notices = () => receiver.received.map((r) => JSON.parse(r.body) as ApprovalNoticeBody);
  const noticeFor = async (instanceId: string, kind: ApprovalNoticeBody['kind']) => {
    await expect.poll(() => notices().some((n) => n.request.instanceId === instanceId && n.kind === kind), { timeout: 15_000 }).toBe(true);
    return notices().find((n) => n.request.instanceId === instanceId && n.kind === kind)!;
  };

  test('a purchase order is announced when its approval is requested and again when Ada approves it', async () => {
    const id = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 2500, product: 'desks', quantity: 2, timeoutSeconds: 600 });
    const created = await noticeFor(id, 'approval.created');
    expect(created.request).toMatchObject({ workflowName: 'PurchaseOrderWorkflow', eventName: 'approval_received', status: 'pending', assignees: { users: [], groups: ['approvers'] } });
    expect(created.inboxUrl).toBe(`https://flowdeck.example.com/approvals?request=${encodeURIComponent(created.request.id)}`);
    expect(created.text).toMatch(new RegExp(`^Approval requested: Purchase order: .*desks.* for PurchaseOrderWorkflow ${id} — assigned to group approvers — due \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC — https://flowdeck\\.example\\.com/approvals\\?request=`));
    await processApprovals.approvals.decide(created.request.id, 'approve', 'within budget', ada);
    const decided = await noticeFor(id, 'approval.decided');
    expect(decided.request).toMatchObject({ id: created.request.id, status: 'decided', decision: { approved: true, by: 'Ada', comment: 'within budget' } });
    expect(decided.text).toMatch(/^Approved by Ada: Purchase order: .* — “within budget” — https:/);
  });

  test('a request past its due time is announced as escalated', async () => {
    // Due halfway through its 4 s window: 2 s after it is requested.
    const id = await client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 2500, product: 'chairs', quantity: 4, timeoutSeconds: 4 });
    const created = await noticeFor(id, 'approval.created');
    // The sweep's step, run until the due time has passed (it escalates nothing before).
    await expect.poll(() => processApprovals.approvals.escalateDue(), { timeout: 10_000, interval: 200 }).toBe(1);
    const escalated = await noticeFor(id, 'approval.escalated');
    expect(escalated.request.id).toBe(created.request.id);
    expect(escalated.text).toMatch(/^Approval escalated \(overdue\): Purchase order: .* — now assigned to group approvers — https:/);
  });
});
