// What an approval request is: who is asked to decide what for which waiting instance, by when, and what was decided.

/** Where a request is: waiting for its one decision, decided, or closed without one (its instance ended first). */
export type ApprovalStatus = 'pending' | 'decided' | 'closed';

/** An approver's choice. */
export type Decision = 'approve' | 'reject';

/** Who may decide: users (by email or user ID) and groups; both empty means every approver. */
export interface Assignees {
  users: string[];
  groups: string[];
}

/** What happens once the due time passes: reassign to other groups, and/or decide by default. */
export interface Escalation {
  reassignTo?: string[];
  decision?: Decision;
}

/** The one decision of a request (also the record of its MessageReceipt). */
export interface DecisionRecord {
  approved: boolean;
  /** Who decided: a person's name, an API token's name, or "escalation" for a default decision. */
  by: string;
  byKind?: string;
  at: string;
  comment?: string;
}

/** An approval request as stored. */
export interface ApprovalRequestRecord {
  id: string;
  instanceId: string;
  workflowName: string;
  eventName: string;
  title: string;
  details?: string;
  status: ApprovalStatus;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  dueAt?: Date;
  escalation?: Escalation;
  escalatedAt?: Date;
  /** Fields the decision's event carries besides approved/approver/comment, per decision. */
  approvePayload?: Record<string, unknown>;
  rejectPayload?: Record<string, unknown>;
  decision?: DecisionRecord;
  closedReason?: string;
  assignees: Assignees;
}

/** The receipt key of a request's decision: one decision event per request, ever. */
export function decisionReceiptKey(requestId: string): string {
  return `approval:${requestId}`;
}

/** The key that is unique among pending requests: one open request per instance and awaited event. */
export function openKeyOf(instanceId: string, eventName: string): string {
  return JSON.stringify([instanceId, eventName.toLowerCase()]);
}

/** True when a request names nobody, so every approver may decide it. */
export function isUnassigned(assignees: Assignees): boolean {
  return assignees.users.length === 0 && assignees.groups.length === 0;
}
