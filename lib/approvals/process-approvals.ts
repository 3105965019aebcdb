// The approvals of a server process: the service on its database, told events recorded in the audit trail and
// sent to the webhooks, and the sweep that escalates overdue requests and closes those whose instance ended.
import type { DbClient } from '../db/client';
import { recordAudit, type AuditActorKind } from '../audit/audit-log';
import type { WorkflowStore } from '../engine/store';
import { createEngineLog } from '../engine/logs';
import { queueApprovalNotice, type ApprovalNotice } from '../webhooks/approval-notices';
import type { ApprovalRequestRecord } from './approval-request';
import { Approvals, ESCALATION_ACTOR, type ApprovalEvent } from './approvals';
import { approvalView } from './approval-view';
import { createPrismaApprovalStore } from './prisma-approval-store';

/** How often the sweep runs (FLOWDECK_APPROVAL_SWEEP_MS, default 5 s): an escalation happens at most this late. */
export function approvalSweepMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.FLOWDECK_APPROVAL_SWEEP_MS);
  return Number.isInteger(ms) && ms >= 100 ? ms : 5_000;
}

/** The approvals service of a process and its sweep. */
export interface ProcessApprovals {
  approvals: Approvals;
  /** Stops the sweep. */
  stop(): void;
}

/** Creates the process's approvals on `prisma` and `store`, and starts the sweep unless `sweep` is false. */
export function startProcessApprovals(deps: { prisma: DbClient; store: WorkflowStore; maxPayloadBytes: number; wake: () => void; sweep: boolean }): ProcessApprovals {
  const approvals = new Approvals({
    requests: createPrismaApprovalStore(deps.prisma),
    engine: deps.store,
    maxPayloadBytes: deps.maxPayloadBytes,
    wake: deps.wake,
    onEvent: (event) => tellOf(event, deps.prisma),
  });
  if (!deps.sweep) return { approvals, stop: () => undefined };
  const log = createEngineLog();
  let failing = false;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await approvals.escalateDue();
      await approvals.closeEnded();
      if (failing) log.message('info', 'approval sweep works again');
      failing = false;
    } catch (error) {
      // A database outage: said once, then tried again on the next tick.
      if (!failing) log.message('warn', `approval sweep failed, trying again every ${approvalSweepMs()} ms`, error);
      failing = true;
    } finally {
      running = false;
    }
  }, approvalSweepMs());
  timer.unref();
  return { approvals, stop: () => clearInterval(timer) };
}

/** The audit action of each approval event. */
const AUDIT_ACTIONS: Record<ApprovalEvent['kind'], string> = {
  'approval.created': 'approval.create',
  'approval.decided': 'approval.decide',
  'approval.escalated': 'approval.escalate',
  'approval.closed': 'approval.close',
};

/** Records the event in the audit trail and queues its webhook notice. */
async function tellOf(event: ApprovalEvent, prisma: DbClient): Promise<void> {
  const { request, actor } = event;
  await recordAudit({
    action: AUDIT_ACTIONS[event.kind],
    actor: { kind: actor.kind as AuditActorKind, name: actor.name, userId: actor.userId },
    address: actor.address,
    instanceId: request.instanceId,
    target: `${request.id} (${request.eventName})`,
    reason: event.kind === 'approval.decided' ? request.decision?.comment : request.closedReason,
    outcome: 'ok',
    details: {
      title: request.title,
      ...(request.decision ? { approved: request.decision.approved } : {}),
      ...(event.kind === 'approval.escalated' ? { assignees: request.assignees } : {}),
    },
  });
  if (event.kind === 'approval.closed') return;
  await queueApprovalNotice(noticeOf(event.kind, request, event.at), prisma).catch((error: unknown) => {
    createEngineLog().message('warn', `could not queue the webhook notice of approval request ${request.id}`, error);
  });
}

function noticeOf(kind: ApprovalNotice['kind'], request: ApprovalRequestRecord, at: Date): ApprovalNotice {
  const view = approvalView(request, undefined, ESCALATION_ACTOR, at);
  const { id, instanceId, workflowName, eventName, title, details, assignees, dueAt, createdAt, escalatedAt, decision } = view;
  return {
    kind,
    at: at.toISOString(),
    request: {
      id,
      instanceId,
      workflowName,
      eventName,
      title,
      ...(details !== undefined ? { details } : {}),
      assignees,
      ...(dueAt ? { dueAt } : {}),
      status: view.status === 'closed' ? 'cancelled' : view.status,
      createdAt,
      ...(escalatedAt ? { escalatedAt } : {}),
      ...(decision ? { decision: { approved: decision.approved, by: decision.by, at: decision.at, ...(decision.comment ? { comment: decision.comment } : {}) } } : {}),
    },
  };
}
