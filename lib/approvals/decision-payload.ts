// The payload of the event a decision raises: the request's per-decision fields, then the decision itself.
import type { ApprovalRequestRecord, DecisionRecord } from './approval-request';

/**
 * The event payload for `decision` on `request`: its approvePayload/rejectPayload fields, then `approved`,
 * `approver` (who decided: never a default name), `comment` when given, `decidedAt` and `requestId`.
 */
export function decisionPayload(request: Pick<ApprovalRequestRecord, 'id' | 'approvePayload' | 'rejectPayload'>, decision: DecisionRecord): Record<string, unknown> {
  const fields = decision.approved ? request.approvePayload : request.rejectPayload;
  return {
    ...fields,
    approved: decision.approved,
    approver: decision.by,
    ...(decision.comment ? { comment: decision.comment } : {}),
    decidedAt: decision.at,
    requestId: request.id,
  };
}
