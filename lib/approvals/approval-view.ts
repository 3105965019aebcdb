// An approval request as the API answers it (times as ISO strings, with its instance's status and whether the
// caller may decide it).
import type { RuntimeStatus } from '../engine/runtime-status';
import type { ApprovalRequestRecord, ApprovalStatus, Assignees, DecisionRecord, Escalation } from './approval-request';
import { decisionRefusal, type Decider } from './who-may-decide';

/** One request in the API. */
export interface ApprovalRequestView {
  id: string;
  instanceId: string;
  workflowName: string;
  eventName: string;
  title: string;
  details?: string;
  status: ApprovalStatus;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  dueAt?: string;
  /** True when pending and the due time has passed. */
  overdue: boolean;
  escalation?: Escalation;
  escalatedAt?: string;
  decision?: DecisionRecord;
  closedReason?: string;
  assignees: Assignees;
  /** The instance's status now; absent when it was purged. */
  instanceStatus?: RuntimeStatus;
  /** Why the caller may not decide it (absent: they may, or it is not pending). */
  cannotDecide?: string;
}

/** GET /api/approvals: one page, the true total of matching requests, how many of them are overdue. */
export interface ApprovalListResponse {
  items: ApprovalRequestView[];
  total: number;
  overdue: number;
  limit: number;
  offset: number;
}

/** The view of `request` for `caller` at `now`. */
export function approvalView(request: ApprovalRequestRecord, instanceStatus: RuntimeStatus | undefined, caller: Decider, now: Date): ApprovalRequestView {
  const refusal = request.status === 'pending' ? decisionRefusal(request.assignees, caller) : undefined;
  return {
    id: request.id,
    instanceId: request.instanceId,
    workflowName: request.workflowName,
    eventName: request.eventName,
    title: request.title,
    ...(request.details !== undefined ? { details: request.details } : {}),
    status: request.status,
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
    createdBy: request.createdBy,
    ...(request.dueAt ? { dueAt: request.dueAt.toISOString() } : {}),
    overdue: request.status === 'pending' && !!request.dueAt && request.dueAt.getTime() < now.getTime(),
    ...(request.escalation ? { escalation: request.escalation } : {}),
    ...(request.escalatedAt ? { escalatedAt: request.escalatedAt.toISOString() } : {}),
    ...(request.decision ? { decision: request.decision } : {}),
    ...(request.closedReason ? { closedReason: request.closedReason } : {}),
    assignees: request.assignees,
    ...(instanceStatus ? { instanceStatus } : {}),
    ...(refusal ? { cannotDecide: refusal } : {}),
  };
}
