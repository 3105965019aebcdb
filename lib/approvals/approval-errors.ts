// What can go wrong with an approval request, as errors the API maps (lib/api/errors.ts).
import type { ApprovalRequestRecord } from './approval-request';

/** No request has this ID. */
export class ApprovalNotFoundError extends Error {
  override name = 'ApprovalNotFoundError';
  constructor(readonly requestId: string) {
    super(`no approval request has ID '${requestId}'`);
  }
}

/** The request was decided already: says who decided what, and when (a stale tab's second decision). */
export class ApprovalDecidedError extends Error {
  override name = 'ApprovalDecidedError';
  constructor(readonly request: ApprovalRequestRecord) {
    const d = request.decision;
    const what = d ? `${d.approved ? 'approved' : 'rejected'} by ${d.by} at ${d.at}${d.comment ? ` (comment: ${d.comment})` : ''}` : 'decided';
    super(`this request was already ${what}; nothing was changed`);
  }
}

/** The caller may not decide this request (it is assigned to others). */
export class ApprovalRefusedError extends Error {
  override name = 'ApprovalRefusedError';
  constructor(
    message: string,
    readonly instanceId?: string,
  ) {
    super(message);
  }
}

/** The request's instance is missing or ended: no approval can be asked for, or decided on, it. */
export class ApprovalInstanceError extends Error {
  override name = 'ApprovalInstanceError';
  constructor(
    message: string,
    readonly reason: 'missing' | 'ended',
    readonly instanceId?: string,
  ) {
    super(message);
  }
}

/** The instance an approval error concerns, when it knows one (for the audit entry of a refused decision). */
export function instanceOfApprovalError(error: unknown): string | undefined {
  if (error instanceof ApprovalDecidedError) return error.request.instanceId;
  if (error instanceof ApprovalRefusedError || error instanceof ApprovalInstanceError) return error.instanceId;
  return undefined;
}
