// The webhook outbox (WebhookDelivery table): a row per notice and URL, claimed under a lease by one dispatcher at a
// time (safe with several processes on one database), retried with back-off until delivered or out of attempts.
import { randomUUID } from 'node:crypto';
import { createEngineLog, type EngineLog } from '../engine/logs';
import type { ApprovalNotice } from './approval-notices';
import { noticeBody } from './notice-body';
import { webhookUrlProblem, webhookUrlsFor, type WebhookDb } from './webhook-registry';
import { retryDelayMs, webhookSettingsFromEnv, type WebhookSettings } from './webhook-settings';

/** Where a delivery is: waiting for its (next) try, delivered, or given up after its last attempt. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One delivery as the admin page and the dispatcher see it. */
export interface WebhookDeliveryView {
  id: string;
  webhookUrl: string;
  kind: string;
  requestId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  lastStatus?: number;
  deliveredAt?: string;
  createdAt: string;
}

/** A claimed delivery: its view and the body to send. */
export interface ClaimedDelivery extends WebhookDeliveryView {
  body: string;
}

type Row = {
  id: string; webhookUrl: string; kind: string; requestId: string; body: string; attempts: number; nextAttemptAt: Date; status: string;
  lastError: string | null; lastStatus: number | null; deliveredAt: Date | null; createdAt: Date;
};

function view(row: Row): WebhookDeliveryView {
  return {
    id: row.id,
    webhookUrl: row.webhookUrl,
    kind: row.kind,
    requestId: row.requestId,
    status: row.status === 'delivered' || row.status === 'failed' ? row.status : 'pending',
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    ...(row.lastError !== null ? { lastError: row.lastError } : {}),
    ...(row.lastStatus !== null ? { lastStatus: row.lastStatus } : {}),
    ...(row.deliveredAt ? { deliveredAt: row.deliveredAt.toISOString() } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

let log: EngineLog | undefined;

/** The global URL when it is a valid webhook URL; a bad one is logged and skipped (queueing never fails on it). */
function globalUrlOf(settings: WebhookSettings): string | undefined {
  if (!settings.globalUrl) return undefined;
  const problem = webhookUrlProblem(settings.globalUrl);
  if (!problem) return settings.globalUrl;
  log ??= createEngineLog();
  log.message('warn', `FLOWDECK_APPROVAL_WEBHOOK_URL ${problem}; approval notices are not sent to it`);
  return undefined;
}

/** Inserts one pending delivery of `notice` per webhook URL that applies (each URL once); returns how many. */
export async function queueDeliveries(db: WebhookDb, notice: ApprovalNotice, settings: WebhookSettings = webhookSettingsFromEnv()): Promise<number> {
  const urls = new Set<string>();
  const global = globalUrlOf(settings);
  if (global) urls.add(global);
  for (const url of await webhookUrlsFor(db, notice.request.workflowName)) urls.add(url);
  if (urls.size === 0) return 0;
  const body = JSON.stringify(noticeBody(notice, settings.publicBaseUrl));
  const now = new Date();
  await db.webhookDelivery.createMany({
    data: [...urls].map((webhookUrl) => ({ id: randomUUID(), webhookUrl, kind: notice.kind, requestId: notice.request.id, body, attempts: 0, nextAttemptAt: now, status: 'pending', createdAt: now })),
  });
  return urls.size;
}

/** A claim that has not expired or has: the rows another dispatcher may not take now. */
function claimable(now: Date) {
  return { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ leasedUntil: null }, { leasedUntil: { lt: now } }] };
}

/**
 * Claims up to `limit` due deliveries for `workerId` until now + `leaseMs`, counting the try about to be made
 * (a process that dies while sending has used the attempt; another takes the row over when its lease ends).
 */
export async function claimDueDeliveries(db: WebhookDb, workerId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const now = new Date();
  const candidates = await db.webhookDelivery.findMany({ where: claimable(now), orderBy: { nextAttemptAt: 'asc' }, take: limit, select: { id: true } });
  const claimed: string[] = [];
  for (const { id } of candidates) {
    // Conditional on the row still being claimable: of two processes racing for it, one update matches.
    const { count } = await db.webhookDelivery.updateMany({ where: { id, ...claimable(now) }, data: { leasedBy: workerId, leasedUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } } });
    if (count === 1) claimed.push(id);
  }
  if (claimed.length === 0) return [];
  const rows = await db.webhookDelivery.findMany({ where: { id: { in: claimed }, leasedBy: workerId }, orderBy: { nextAttemptAt: 'asc' } });
  return rows.map((row) => ({ ...view(row), body: row.body }));
}

/** What one try of a delivery got: the HTTP status (if the receiver answered) and, unless it was a 2xx, what went wrong. */
export interface DeliveryAttempt {
  ok: boolean;
  status?: number;
  error?: string;
}

/**
 * Records a try of a claimed delivery: delivered, pending again after a back-off, or failed after its last attempt.
 * Returns the new status, or undefined when the lease was lost (another dispatcher took the row over).
 */
export async function recordAttempt(db: WebhookDb, delivery: ClaimedDelivery, workerId: string, attempt: DeliveryAttempt, settings: WebhookSettings): Promise<DeliveryStatus | undefined> {
  const now = new Date();
  const outcome: DeliveryStatus = attempt.ok ? 'delivered' : delivery.attempts >= settings.maxAttempts ? 'failed' : 'pending';
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: delivery.id, leasedBy: workerId, status: 'pending' },
    data: {
      status: outcome,
      lastStatus: attempt.status ?? null,
      lastError: attempt.ok ? null : (attempt.error ?? 'failed'),
      deliveredAt: attempt.ok ? now : null,
      nextAttemptAt: outcome === 'pending' ? new Date(now.getTime() + retryDelayMs(delivery.attempts, settings)) : now,
      leasedBy: null,
      leasedUntil: null,
    },
  });
  return count === 1 ? outcome : undefined;
}

/** The most recent deliveries, newest first. */
export async function recentDeliveries(db: WebhookDb, limit: number): Promise<WebhookDeliveryView[]> {
  return (await db.webhookDelivery.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit })).map(view);
}

/** Deletes delivered and failed deliveries queued before `before` (pending ones stay); returns how many. */
export async function pruneDeliveries(db: WebhookDb, before: Date): Promise<number> {
  return (await db.webhookDelivery.deleteMany({ where: { status: { in: ['delivered', 'failed'] }, createdAt: { lt: before } } })).count;
}
