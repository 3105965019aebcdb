// Approval notices reach webhooks on real SQLite and PostgreSQL: the body and its signature, retries with back-off,
// a restart of the dispatcher, per-workflow webhooks, one delivery per notice with two dispatchers, final failure,
// and the audit log's delivered/failed entries.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { keepAuditLogIn, type AuditInput } from '@/lib/audit/audit-log';
import { queueApprovalNotice } from '@/lib/webhooks/approval-notices';
import type { ApprovalNoticeBody } from '@/lib/webhooks/notice-body';
import { recentDeliveries } from '@/lib/webhooks/outbox';
import type { WebhookDispatcher } from '@/lib/webhooks/webhook-dispatcher';
import { addApprovalWebhook } from '@/lib/webhooks/webhook-registry';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';
import { noticeOf, startDispatcher, testSettings } from './fixtures';
import { startReceiver, type Receiver } from './receiver';

describe.each(availableDatabases())('approval webhooks on %s', (kind) => {
  let db: TestDatabase;
  let receiver: Receiver;
  let audits: AuditInput[];
  const dispatchers: WebhookDispatcher[] = [];
  const run = (dispatcher: WebhookDispatcher) => (dispatchers.push(dispatcher), dispatcher);

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    receiver = await startReceiver();
    audits = [];
    keepAuditLogIn({ append: async (entry) => void audits.push(entry) });
    vi.stubEnv('FLOWDECK_PUBLIC_URL', 'https://flowdeck.example.com/');
    vi.stubEnv('FLOWDECK_APPROVAL_WEBHOOK_URL', `${receiver.url}/global`);
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    vi.unstubAllEnvs();
    keepAuditLogIn(undefined);
    await receiver.close();
    await db.dispose();
  });

  const delivered = (count: number) => expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);

  test('a queued notice reaches the global webhook with the request, the inbox link, a Slack text and a valid signature', async () => {
    run(startDispatcher(db.prisma, testSettings({ secret: 'shh' })));
    await queueApprovalNotice(noticeOf('approval.created', 'req-1'), db.prisma);
    await delivered(1);
    const [got] = receiver.received;
    expect(got.path).toBe('/global');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-flowdeck-event']).toBe('approval.created');
    expect(got.headers['x-flowdeck-signature']).toBe(`sha256=${createHmac('sha256', 'shh').update(got.body).digest('hex')}`);
    const body = JSON.parse(got.body) as ApprovalNoticeBody;
    expect(body).toEqual({
      kind: 'approval.created',
      at: '2026-12-02T10:00:00.000Z',
      request: noticeOf('approval.created', 'req-1').request,
      inboxUrl: 'https://flowdeck.example.com/approvals?request=req-1',
      text: 'Approval requested: Approve order of 12 widgets for OrderProcessingWorkflow order-req-1 — assigned to group approvers — due 2026-12-02 12:30 UTC — https://flowdeck.example.com/approvals?request=req-1',
    });
    await expect.poll(async () => (await recentDeliveries(db.prisma, 10))[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, requestId: 'req-1' });
    await expect.poll(() => audits.length).toBe(1);
    expect(audits[0]).toMatchObject({ action: 'webhook.delivered', actor: { kind: 'system' }, instanceId: 'order-req-1', target: 'req-1', outcome: 'ok', status: 200 });
  });

  test('a decided notice says who decided; without a secret there is no signature header', async () => {
    run(startDispatcher(db.prisma, testSettings()));
    await queueApprovalNotice(noticeOf('approval.decided', 'req-2'), db.prisma);
    await delivered(1);
    expect(receiver.received[0].headers['x-flowdeck-signature']).toBeUndefined();
    expect((JSON.parse(receiver.received[0].body) as ApprovalNoticeBody).text).toBe(
      'Approved by Jane: Approve order of 12 widgets for OrderProcessingWorkflow order-req-2 — “fine” — https://flowdeck.example.com/approvals?request=req-2',
    );
  });

  test('a receiver failing the first 2 times gets the notice on the 3rd try, after back-offs of at least 50 and 100 ms', async () => {
    receiver.answers.push(500, 503);
    run(startDispatcher(db.prisma, testSettings()));
    await queueApprovalNotice(noticeOf('approval.escalated', 'req-3'), db.prisma);
    await delivered(3);
    const [first, second, third] = receiver.received.map((r) => r.at);
    expect(second - first).toBeGreaterThanOrEqual(50);
    expect(third - second).toBeGreaterThanOrEqual(100);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    await expect.poll(async () => (await recentDeliveries(db.prisma, 10))[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(receiver.received).toHaveLength(3);
    await expect.poll(() => audits.map((a) => a.action)).toEqual(['webhook.delivered']);
  });

  test('a receiver that keeps failing: the delivery fails after its last attempt, with its last error, once in the audit log', async () => {
    receiver.answers.push(500, 500, 500);
    run(startDispatcher(db.prisma, testSettings({ maxAttempts: 3, backoffFirstMs: 10 })));
    await queueApprovalNotice(noticeOf('approval.created', 'req-4'), db.prisma);
    await expect.poll(async () => (await recentDeliveries(db.prisma, 10))[0]?.status, { timeout: 10_000 }).toBe('failed');
    expect((await recentDeliveries(db.prisma, 10))[0]).toMatchObject({ attempts: 3, lastStatus: 500, lastError: 'HTTP 500: receiver says no' });
    await expect.poll(() => audits.length).toBe(1);
    expect(audits[0]).toMatchObject({ action: 'webhook.failed', outcome: 'failed', status: 500, details: { attempts: 3, error: 'HTTP 500: receiver says no' } });
    expect(receiver.received).toHaveLength(3);
  });

  test('a notice survives a dispatcher restart: queued while none runs and tried once before the restart, it is sent after it', async () => {
    receiver.answers.push(500);
    const first = startDispatcher(db.prisma, testSettings({ backoffFirstMs: 200 }), 'process-a');
    await queueApprovalNotice(noticeOf('approval.created', 'req-5'), db.prisma);
    await delivered(1);
    await first.stop();
    await queueApprovalNotice(noticeOf('approval.created', 'req-6'), db.prisma);
    expect((await recentDeliveries(db.prisma, 10)).map((d) => d.status)).toEqual(['pending', 'pending']);
    run(startDispatcher(db.prisma, testSettings(), 'process-b'));
    await delivered(3);
    await expect.poll(async () => (await recentDeliveries(db.prisma, 10)).map((d) => [d.requestId, d.status, d.attempts])).toEqual([
      ['req-6', 'delivered', 1],
      ['req-5', 'delivered', 2],
    ]);
  });

  test('a webhook for one workflow gets only its notices; one for every workflow gets them all; the same URL once per notice', async () => {
    vi.stubEnv('FLOWDECK_APPROVAL_WEBHOOK_URL', '');
    await addApprovalWebhook(db.prisma, { url: `${receiver.url}/orders`, workflowName: 'OrderProcessingWorkflow', createdBy: 'Ada' });
    await addApprovalWebhook(db.prisma, { url: `${receiver.url}/all`, createdBy: 'Ada' });
    await addApprovalWebhook(db.prisma, { url: `${receiver.url}/all`, workflowName: 'PurchaseOrderWorkflow', createdBy: 'Ada' });
    run(startDispatcher(db.prisma, testSettings()));
    await queueApprovalNotice(noticeOf('approval.created', 'order-1', 'OrderProcessingWorkflow'), db.prisma);
    await queueApprovalNotice(noticeOf('approval.created', 'po-1', 'PurchaseOrderWorkflow'), db.prisma);
    await delivered(3);
    await expect.poll(async () => (await recentDeliveries(db.prisma, 10)).every((d) => d.status === 'delivered')).toBe(true);
    const seen = receiver.received.map((r) => `${r.path} ${(JSON.parse(r.body) as ApprovalNoticeBody).request.id}`).sort();
    expect(seen).toEqual(['/all order-1', '/all po-1', '/orders order-1']);
  });

  test('no webhook applies: nothing is queued', async () => {
    vi.stubEnv('FLOWDECK_APPROVAL_WEBHOOK_URL', '');
    await addApprovalWebhook(db.prisma, { url: `${receiver.url}/po`, workflowName: 'PurchaseOrderWorkflow', createdBy: 'Ada' });
    await queueApprovalNotice(noticeOf('approval.created', 'req-7'), db.prisma);
    expect(await recentDeliveries(db.prisma, 10)).toEqual([]);
  });

  test('two dispatchers on one database send each of 12 notices once', async () => {
    run(startDispatcher(db.prisma, testSettings(), 'process-a'));
    run(startDispatcher(db.prisma, testSettings(), 'process-b'));
    for (let i = 0; i < 12; i++) await queueApprovalNotice(noticeOf('approval.created', `many-${i}`), db.prisma);
    await delivered(12);
    await expect.poll(async () => (await recentDeliveries(db.prisma, 20)).filter((d) => d.status === 'delivered').length).toBe(12);
    expect(receiver.received).toHaveLength(12);
    expect(new Set(receiver.received.map((r) => r.headers['x-flowdeck-delivery'])).size).toBe(12);
  });

  test('queueing in a transaction that rolls back queues nothing', async () => {
    const failed = db.prisma.$transaction(async (tx) => {
      await queueApprovalNotice(noticeOf('approval.created', 'req-8'), tx);
      throw new Error('the request was not recorded');
    });
    await expect(failed).rejects.toThrow('the request was not recorded');
    expect(await recentDeliveries(db.prisma, 10)).toEqual([]);
  });

  test('a starting dispatcher deletes delivered and failed deliveries older than FLOWDECK_WEBHOOK_KEEP_DAYS; pending and recent ones stay', async () => {
    const old = new Date(Date.now() - 31 * 86_400_000);
    const row = (id: string, status: string, createdAt: Date) => ({ id, webhookUrl: `${receiver.url}/x`, kind: 'approval.created', requestId: id, body: '{}', attempts: 1, nextAttemptAt: new Date(Date.now() + 86_400_000), status, createdAt });
    await db.prisma.webhookDelivery.createMany({ data: [row('old-ok', 'delivered', old), row('old-failed', 'failed', old), row('old-pending', 'pending', old), row('new-ok', 'delivered', new Date())] });
    const dispatcher = startDispatcher(db.prisma, testSettings({ keepDays: 30 }));
    await dispatcher.stop();
    expect((await db.prisma.webhookDelivery.findMany({ orderBy: { id: 'asc' } })).map((d) => d.id)).toEqual(['new-ok', 'old-pending']);
  });
});
