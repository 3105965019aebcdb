// What the webhook tests share: notices to queue and dispatchers with short back-offs.
import { engineLogFromLogger, type EngineLog } from '@/lib/engine/logs';
import type { ApprovalNotice, ApprovalNoticeKind } from '@/lib/webhooks/approval-notices';
import { WebhookDispatcher } from '@/lib/webhooks/webhook-dispatcher';
import type { WebhookDb } from '@/lib/webhooks/webhook-registry';
import { webhookSettingsFromEnv, type WebhookSettings } from '@/lib/webhooks/webhook-settings';

/** A notice about request `id` of an OrderProcessingWorkflow instance (or `workflowName`'s). */
export function noticeOf(kind: ApprovalNoticeKind, id: string, workflowName = 'OrderProcessingWorkflow'): ApprovalNotice {
  return {
    kind,
    at: '2026-12-02T10:00:00.000Z',
    request: {
      id,
      instanceId: `order-${id}`,
      workflowName,
      eventName: 'approval',
      title: 'Approve order of 12 widgets',
      assignees: { users: [], groups: ['approvers'] },
      dueAt: '2026-12-02T12:30:00.000Z',
      status: kind === 'approval.decided' ? 'decided' : 'pending',
      createdAt: '2026-12-02T10:00:00.000Z',
      ...(kind === 'approval.decided' ? { decision: { approved: true, by: 'Jane', at: '2026-12-02T10:05:00.000Z', comment: 'fine' } } : {}),
    },
  };
}

/** Settings for tests: quick polls and back-offs (50 ms, 100 ms ...), links on http://flowdeck.test. */
export function testSettings(overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  return { ...webhookSettingsFromEnv({ FLOWDECK_PUBLIC_URL: 'http://flowdeck.test' }), backoffFirstMs: 50, pollIntervalMs: 20, ...overrides };
}

/** A log that drops its lines. */
export const quietLog: EngineLog = engineLogFromLogger(() => undefined);

/** A started dispatcher on `db`. */
export function startDispatcher(db: WebhookDb, settings: WebhookSettings, workerId = 'test-worker', log: EngineLog = quietLog): WebhookDispatcher {
  const dispatcher = new WebhookDispatcher({ db, settings, log, workerId });
  dispatcher.start();
  return dispatcher;
}
