// The approvals' way into webhook notifications: queueApprovalNotice writes one outbox row per webhook that applies
// (the global FLOWDECK_APPROVAL_WEBHOOK_URL and the admins' webhooks for every workflow or for this one); the
// dispatcher (lib/webhooks/webhook-dispatcher.ts) sends them with retries.
import type { DbClient } from '../db/client';
import { queueDeliveries } from './outbox';
import type { WebhookDb } from './webhook-registry';
import { wakeWebhookDispatcher } from './webhook-process';

/** What happened to an approval request. */
export type ApprovalNoticeKind = 'approval.created' | 'approval.escalated' | 'approval.decided';

/** The request as a webhook receiver sees it. */
export interface ApprovalNoticeRequest {
  id: string;
  instanceId: string;
  workflowName: string;
  eventName: string;
  title: string;
  details?: string;
  assignees: { users: string[]; groups: string[] };
  dueAt?: string;
  status: 'pending' | 'decided' | 'cancelled';
  createdAt: string;
  escalatedAt?: string;
  decision?: { approved: boolean; by: string; at: string; comment?: string };
}

/** One notice to send. */
export interface ApprovalNotice {
  kind: ApprovalNoticeKind;
  at: string;
  request: ApprovalNoticeRequest;
}

/**
 * Queues the notice durably for every webhook that applies (global + the workflow's); never throws on a webhook
 * problem (only a database fault). `db` is the database (or an open transaction of it) to write to: by default the
 * server process's own; pass the transaction that records the request to queue the notice atomically with it.
 */
export async function queueApprovalNotice(notice: ApprovalNotice, db?: WebhookDb): Promise<void> {
  const target = db ?? (await processDatabase());
  const queued = await queueDeliveries(target, notice);
  if (queued > 0) wakeWebhookDispatcher();
}

async function processDatabase(): Promise<DbClient> {
  const { getEngineHost } = await import('../server/engine-host');
  return (await getEngineHost()).prisma;
}
