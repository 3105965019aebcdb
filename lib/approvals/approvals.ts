// The approvals service: ask for a decision, list what waits, decide once (the decision's event is sent at most
// once, in one transaction with its receipt), and move overdue requests on (escalation) or close them.
import { DuplicateReceiptError, InstanceNotFoundError } from '../engine/errors';
import { eventRaised } from '../engine/history-builders';
import { serializePayload } from '../engine/payload';
import { isTerminalStatus, OPERATION_STATUSES, type RuntimeStatus } from '../engine/runtime-status';
import type { WorkflowStore } from '../engine/store';
import { ApprovalDecidedError, ApprovalNotFoundError, ApprovalRefusedError, ApprovalInstanceError } from './approval-errors';
import { decisionReceiptKey, type ApprovalRequestRecord, type Decision, type DecisionRecord } from './approval-request';
import { decisionPayload } from './decision-payload';
import type { ApprovalPage, ApprovalQuery, ApprovalStore, NewApprovalRequest } from './prisma-approval-store';
import { decisionRefusal, type Decider } from './who-may-decide';

/** Who acts on a request: a caller (kind person, token, local...) or Flowdeck itself (kind system). */
export interface ApprovalActor extends Decider {
  kind: string;
  address?: string;
}

/** What happened, for the audit trail and the webhooks (lib/approvals/process-approvals.ts wires them). */
export interface ApprovalEvent {
  kind: 'approval.created' | 'approval.escalated' | 'approval.decided' | 'approval.closed';
  request: ApprovalRequestRecord;
  actor: ApprovalActor;
  at: Date;
}

/** What the service needs: the requests, the engine's store (to send decisions), a wake-up, and who to tell. */
export interface ApprovalDeps {
  requests: ApprovalStore;
  engine: Pick<WorkflowStore, 'getInstance' | 'sendMessage'>;
  maxPayloadBytes: number;
  /** Wakes the workflow workers once a decision is in an inbox. */
  wake?: () => void;
  /** Told of every change (never throws into the service). */
  onEvent?: (event: ApprovalEvent) => Promise<void>;
  now?: () => Date;
}

/** A request with its instance's status now (undefined: the instance is gone). */
export interface ApprovalWithInstance {
  request: ApprovalRequestRecord;
  instanceStatus?: RuntimeStatus;
}

/** The Flowdeck actor of escalations and sweeps. */
export const ESCALATION_ACTOR: ApprovalActor = { kind: 'system', name: 'escalation', role: 'admin' };

/** Approval requests: the one place they are created, decided, escalated and closed. */
export class Approvals {
  constructor(private readonly deps: ApprovalDeps) {}

  /**
   * Asks for a decision on `eventName` of a live instance. Idempotent: when that instance already has a pending
   * request for the event, returns it (created false). Throws ApprovalInstanceError for a missing or ended instance.
   */
  async request(input: Omit<NewApprovalRequest, 'workflowName'>, actor: ApprovalActor): Promise<{ request: ApprovalRequestRecord; created: boolean }> {
    const instance = await this.deps.engine.getInstance(input.instanceId);
    if (!instance) throw new ApprovalInstanceError(`instance '${input.instanceId}' does not exist`, 'missing');
    if (isTerminalStatus(instance.status)) throw new ApprovalInstanceError(`instance '${input.instanceId}' is ${instance.status}: no approval can be asked for it`, 'ended');
    const now = this.now();
    const { record, created } = await this.deps.requests.insert({ ...input, workflowName: instance.name }, now);
    if (created) await this.tell({ kind: 'approval.created', request: record, actor, at: now });
    return { request: record, created };
  }

  /** A page of requests with their instances' statuses; pending ones whose decision was sent are shown decided. */
  async list(query: ApprovalQuery): Promise<ApprovalPage & { items: ApprovalRequestRecord[]; statuses: Map<string, RuntimeStatus> }> {
    const page = await this.deps.requests.list(query);
    const items = await this.reconcile(page.items);
    const statuses = (await this.deps.requests.instanceStatuses(items.map((r) => r.instanceId))) as Map<string, RuntimeStatus>;
    return { ...page, items, statuses };
  }

  /** One request with its instance's status; throws ApprovalNotFoundError. */
  async get(id: string): Promise<ApprovalWithInstance> {
    const found = await this.deps.requests.get(id);
    if (!found) throw new ApprovalNotFoundError(id);
    const [request] = await this.reconcile([found]);
    const instanceStatus = (await this.deps.requests.instanceStatuses([request.instanceId])).get(request.instanceId) as RuntimeStatus | undefined;
    return { request, instanceStatus };
  }

  /**
   * Decides a pending request: sends its event (with who decided, the comment, when) at most once ever. Throws
   * ApprovalNotFoundError, ApprovalRefusedError (not assigned to the caller), ApprovalDecidedError (someone decided
   * first: who, what and when) or ApprovalInstanceError (the instance ended: the request is closed).
   */
  async decide(id: string, decision: Decision, comment: string | undefined, actor: ApprovalActor): Promise<ApprovalWithInstance> {
    const { request, instanceStatus } = await this.get(id);
    if (request.status === 'decided' && request.decision) throw new ApprovalDecidedError(request);
    if (request.status === 'closed') throw new ApprovalInstanceError(`request '${id}' is closed: ${request.closedReason ?? 'its instance ended'}`, 'ended', request.instanceId);
    const refusal = decisionRefusal(request.assignees, actor);
    if (refusal) throw new ApprovalRefusedError(refusal, request.instanceId);
    const at = this.now();
    const record: DecisionRecord = { approved: decision === 'approve', by: actor.name, byKind: actor.kind, at: at.toISOString(), ...(comment ? { comment } : {}) };
    const input = serializePayload(decisionPayload(request, record), `decision of request '${id}'`, this.deps.maxPayloadBytes);
    const event = eventRaised(at, request.eventName, input, { kind: actor.kind, name: actor.name });
    try {
      await this.deps.engine.sendMessage({ instanceId: request.instanceId, visibleAt: at, event }, 'decide an approval of', OPERATION_STATUSES.raiseEvent, {
        key: decisionReceiptKey(id),
        record: JSON.stringify(record),
      });
    } catch (error) {
      if (error instanceof DuplicateReceiptError) {
        const first = JSON.parse(error.record) as DecisionRecord;
        await this.deps.requests.markDecided(id, first);
        throw new ApprovalDecidedError({ ...request, status: 'decided', decision: first });
      }
      if (error instanceof InstanceNotFoundError || isNamed(error, 'InvalidInstanceStatusError')) {
        const reason = error instanceof InstanceNotFoundError ? 'its instance was purged' : `its instance is ${(error as { status: string }).status}`;
        await this.closeRequest(request, reason, actor);
        throw new ApprovalInstanceError(`request '${id}' cannot be decided: ${reason}; it is closed`, 'ended', request.instanceId);
      }
      throw error;
    }
    this.deps.wake?.();
    await this.deps.requests.markDecided(id, record);
    const decided: ApprovalRequestRecord = { ...request, status: 'decided', decision: record, updatedAt: at };
    await this.tell({ kind: 'approval.decided', request: decided, actor, at });
    return { request: decided, instanceStatus };
  }

  /**
   * Escalates every pending request whose due time passed: reassigns it (escalation.reassignTo) and/or decides it
   * by default (escalation.decision, by "escalation"); a request with neither is only marked overdue-notified.
   * Safe with several processes: each request is escalated once. Returns how many were escalated.
   */
  async escalateDue(limit = 100): Promise<number> {
    const now = this.now();
    let escalated = 0;
    for (const request of await this.deps.requests.dueForEscalation(now, limit)) {
      if (!(await this.deps.requests.escalate(request.id, request.escalation?.reassignTo, now))) continue;
      escalated++;
      const groups = request.escalation?.reassignTo;
      const moved: ApprovalRequestRecord = { ...request, escalatedAt: now, ...(groups?.length ? { assignees: { users: [], groups: groups.map((g) => g.toLowerCase()) } } : {}) };
      await this.tell({ kind: 'approval.escalated', request: moved, actor: ESCALATION_ACTOR, at: now });
      if (request.escalation?.decision) {
        const comment = `decided by default: due ${request.dueAt?.toISOString() ?? ''} passed`;
        await this.decide(request.id, request.escalation.decision, comment, ESCALATION_ACTOR).catch(() => undefined);
      }
    }
    return escalated;
  }

  /** Closes pending requests whose instance ended or was purged, and marks decided those whose decision was sent. */
  async closeEnded(): Promise<number> {
    const pending = await this.deps.requests.pendingInstances();
    let closed = 0;
    for (let i = 0; i < pending.length; i += 500) {
      const chunk = pending.slice(i, i + 500);
      const statuses = await this.deps.requests.instanceStatuses(chunk.map((p) => p.instanceId));
      const sent = await this.deps.requests.sentDecisions(chunk.map((p) => p.id));
      for (const { id, instanceId } of chunk) {
        const decision = sent.get(id);
        if (decision) {
          await this.deps.requests.markDecided(id, decision);
          continue;
        }
        const status = statuses.get(instanceId) as RuntimeStatus | undefined;
        if (status && !isTerminalStatus(status)) continue;
        const request = await this.deps.requests.get(id);
        if (request && (await this.closeRequest(request, status ? `its instance is ${status}` : 'its instance was purged', ESCALATION_ACTOR))) closed++;
      }
    }
    return closed;
  }

  private async closeRequest(request: ApprovalRequestRecord, reason: string, actor: ApprovalActor): Promise<boolean> {
    const now = this.now();
    if (!(await this.deps.requests.close(request.id, reason, now))) return false;
    await this.tell({ kind: 'approval.closed', request: { ...request, status: 'closed', closedReason: reason, updatedAt: now }, actor, at: now });
    return true;
  }

  /** Pending requests whose decision receipt exists (a crash came between the send and the row's update) are decided. */
  private async reconcile(items: ApprovalRequestRecord[]): Promise<ApprovalRequestRecord[]> {
    const pending = items.filter((r) => r.status === 'pending').map((r) => r.id);
    const sent = await this.deps.requests.sentDecisions(pending);
    if (sent.size === 0) return items;
    for (const [id, decision] of sent) await this.deps.requests.markDecided(id, decision);
    return items.map((r) => {
      const decision = sent.get(r.id);
      return decision ? { ...r, status: 'decided' as const, decision } : r;
    });
  }

  private async tell(event: ApprovalEvent): Promise<void> {
    await this.deps.onEvent?.(event).catch(() => undefined);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
