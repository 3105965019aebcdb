import type { EventDeclaration } from '@/lib/engine/registry';

/** An approver's choice on a declared event. */
export type Decision = 'approve' | 'reject';

/** The payload an Approve/Reject click sends: the declaration's payload, with the comment under its commentField. */
export function decisionPayload(declaration: EventDeclaration, decision: Decision, comment: string): unknown {
  const base = decision === 'approve' ? declaration.approvePayload : declaration.rejectPayload;
  const text = comment.trim();
  if (!declaration.commentField || !text) return base;
  if (base === undefined) return { [declaration.commentField]: text };
  if (typeof base === 'object' && base !== null && !Array.isArray(base)) return { ...base, [declaration.commentField]: text };
  return base;
}

/** True when the declaration gives the event Approve and Reject buttons. */
export function hasDecisionButtons(declaration: EventDeclaration | undefined): declaration is EventDeclaration {
  return !!declaration && (declaration.approvePayload !== undefined || declaration.rejectPayload !== undefined);
}
