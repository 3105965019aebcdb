// The JSON a webhook receives for an approval notice: the notice itself, the inbox link and a Slack-compatible text.
import type { ApprovalNotice, ApprovalNoticeRequest } from './approval-notices';

/** The body POSTed to a webhook. */
export interface ApprovalNoticeBody extends ApprovalNotice {
  /** The approvals inbox opened on this request. */
  inboxUrl: string;
  /** One line for chat tools (Slack's and Mattermost's incoming webhooks show `text`). */
  text: string;
}

/** The inbox link of a request: `${base}/approvals?request=<id>`. */
export function inboxUrlOf(baseUrl: string, requestId: string): string {
  return `${baseUrl}/approvals?request=${encodeURIComponent(requestId)}`;
}

/** A time as people read it in a chat line: 2026-12-02 17:30 UTC. */
function readableTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function assigneesOf(request: ApprovalNoticeRequest): string {
  const names = [...request.assignees.groups.map((group) => `group ${group}`), ...request.assignees.users];
  return names.length > 0 ? names.join(', ') : 'every approver';
}

/** The chat line of a notice: what happened, to which request of which instance, and the link. */
export function noticeText(notice: ApprovalNotice, inboxUrl: string): string {
  const { request } = notice;
  const subject = `${request.title} for ${request.workflowName} ${request.instanceId}`;
  const parts: string[] = [];
  if (notice.kind === 'approval.created') {
    parts.push(`Approval requested: ${subject}`, `assigned to ${assigneesOf(request)}`);
    if (request.dueAt) parts.push(`due ${readableTime(request.dueAt)}`);
  } else if (notice.kind === 'approval.escalated') {
    parts.push(`Approval escalated (overdue): ${subject}`, `now assigned to ${assigneesOf(request)}`);
  } else if (request.decision) {
    parts.push(`${request.decision.approved ? 'Approved' : 'Rejected'} by ${request.decision.by}: ${subject}`);
    if (request.decision.comment) parts.push(`“${request.decision.comment}”`);
  } else {
    parts.push(`Approval ${request.status}: ${subject}`);
  }
  parts.push(inboxUrl);
  return parts.join(' — ');
}

/** The body of `notice` for webhooks, with links on `baseUrl`. */
export function noticeBody(notice: ApprovalNotice, baseUrl: string): ApprovalNoticeBody {
  const inboxUrl = inboxUrlOf(baseUrl, notice.request.id);
  return { kind: notice.kind, at: notice.at, request: notice.request, inboxUrl, text: noticeText(notice, inboxUrl) };
}
