// Pure parts of approval webhooks: settings from the environment, the retry back-off, the chat text, URL checks.
import { describe, expect, test } from 'vitest';
import { noticeText } from '@/lib/webhooks/notice-body';
import { auditedUrl } from '@/lib/webhooks/audited-url';
import { webhookUrlProblem } from '@/lib/webhooks/webhook-registry';
import { retryDelayMs, webhookSettingsFromEnv } from '@/lib/webhooks/webhook-settings';
import { noticeOf } from './fixtures';

describe('webhook settings', () => {
  test('defaults: 8 attempts from 1 s, links on the server own address, dispatching on', () => {
    expect(webhookSettingsFromEnv({ HOST: '0.0.0.0', PORT: '4000' })).toMatchObject({ dispatch: true, maxAttempts: 8, backoffFirstMs: 1000, timeoutMs: 10_000, keepDays: 30, publicBaseUrl: 'http://localhost:4000' });
    expect(webhookSettingsFromEnv({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(webhookSettingsFromEnv({ FLOWDECK_PUBLIC_URL: 'https://flowdeck.example.com/', HOST: '10.1.2.3' }).publicBaseUrl).toBe('https://flowdeck.example.com');
    expect(webhookSettingsFromEnv({ FLOWDECK_WEBHOOKS: 'off' }).dispatch).toBe(false);
  });

  test('a bad number is refused with the variable named', () => {
    expect(() => webhookSettingsFromEnv({ FLOWDECK_WEBHOOK_MAX_ATTEMPTS: 'many' })).toThrow("FLOWDECK_WEBHOOK_MAX_ATTEMPTS must be a positive number, got 'many'");
  });

  test('back-off: 1 s, 2 s, 4 s … plus up to 25 % jitter, capped', () => {
    const settings = { backoffFirstMs: 1000, backoffMaxMs: 300_000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, settings, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(1, settings, () => 1)).toBe(1250);
    expect(retryDelayMs(30, settings, () => 0)).toBe(300_000);
  });
});

describe('notice text', () => {
  const link = 'https://f.example/approvals?request=r';
  test('created, escalated, approved and rejected read as one chat line each', () => {
    expect(noticeText(noticeOf('approval.created', 'r'), link)).toBe(`Approval requested: Approve order of 12 widgets for OrderProcessingWorkflow order-r — assigned to group approvers — due 2026-12-02 12:30 UTC — ${link}`);
    expect(noticeText(noticeOf('approval.escalated', 'r'), link)).toBe(`Approval escalated (overdue): Approve order of 12 widgets for OrderProcessingWorkflow order-r — now assigned to group approvers — ${link}`);
    const rejected = noticeOf('approval.decided', 'r');
    rejected.request.decision = { approved: false, by: 'Sam', at: '2026-12-02T10:06:00.000Z' };
    expect(noticeText(rejected, link)).toBe(`Rejected by Sam: Approve order of 12 widgets for OrderProcessingWorkflow order-r — ${link}`);
    const nobody = noticeOf('approval.created', 'r');
    nobody.request.assignees = { users: [], groups: [] };
    delete nobody.request.dueAt;
    expect(noticeText(nobody, link)).toBe(`Approval requested: Approve order of 12 widgets for OrderProcessingWorkflow order-r — assigned to every approver — ${link}`);
  });
});

describe('webhook URLs', () => {
  test('http and https URLs pass; others say why not', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T/B/x')).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook?x=1')).toBeUndefined();
    expect(webhookUrlProblem('file:///etc/passwd')).toBe('must be http or https, not file');
    expect(webhookUrlProblem(`https://a.example/${'x'.repeat(2000)}`)).toBe('must be at most 2000 characters');
  });

  test('the audit log shows a URL without its secret-carrying end', () => {
    expect(auditedUrl('https://hooks.slack.com/services/T000/B000/xyz?token=1')).toBe('https://hooks.slack.com/services/…');
    expect(auditedUrl('http://127.0.0.1:9000/hook')).toBe('http://127.0.0.1:9000/hook');
  });
});
