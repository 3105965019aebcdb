// Approval requests on the app's database (ApprovalRequest and ApprovalAssignee): insert one open request per
// awaited event, read pages with true totals in due order, and move a request on (decided, reassigned, closed).
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../db/client';
import {
  decisionReceiptKey,
  openKeyOf,
  type ApprovalRequestRecord,
  type ApprovalStatus,
  type Assignees,
  type DecisionRecord,
  type Escalation,
} from './approval-request';

/** Which requests a page holds. */
export interface ApprovalQuery {
  status: ApprovalStatus | 'any';
  /** Only those assigned to this caller: by email or user ID, by one of its groups, or to nobody. */
  assignedTo?: { email?: string; userId?: string; groups: string[] };
  workflowName?: string;
  /** Only those naming this user or group among their assignees. */
  assignee?: string;
  /** overdue: due before now; soon: due within a day; none: no due time. */
  due?: 'overdue' | 'soon' | 'none';
  now: Date;
  limit: number;
  offset: number;
}

/** One page of requests, the total matching, and how many of those are overdue. */
export interface ApprovalPage {
  items: ApprovalRequestRecord[];
  total: number;
  overdue: number;
}

/** What a new request needs (the store adds its ID, times and status). */
export type NewApprovalRequest = Omit<ApprovalRequestRecord, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'decision' | 'closedReason' | 'escalatedAt'>;

/** The approval requests of one database. */
export interface ApprovalStore {
  /** Inserts a pending request, or returns the pending one this instance already has for that event (created false). */
  insert(request: NewApprovalRequest, now: Date): Promise<{ record: ApprovalRequestRecord; created: boolean }>;
  get(id: string): Promise<ApprovalRequestRecord | undefined>;
  list(query: ApprovalQuery): Promise<ApprovalPage>;
  /** Records the decision on a pending request (a no-op on one that is not pending). */
  markDecided(id: string, decision: DecisionRecord): Promise<void>;
  /** Reassigns a pending, not yet escalated request to `groups` and marks it escalated; false when it was not. */
  escalate(id: string, groups: string[] | undefined, now: Date): Promise<boolean>;
  /** Closes a pending request without a decision; false when it was not pending. */
  close(id: string, reason: string, now: Date): Promise<boolean>;
  /** Pending requests whose due time has passed and that were not escalated yet, oldest due first. */
  dueForEscalation(now: Date, limit: number): Promise<ApprovalRequestRecord[]>;
  /** Every pending request's ID and instance (for the sweep that closes those whose instance ended). */
  pendingInstances(): Promise<{ id: string; instanceId: string }[]>;
  /** The decisions already sent for these requests (their receipts), by request ID. */
  sentDecisions(ids: string[]): Promise<Map<string, DecisionRecord>>;
  /** The status of each of these instances that exists. */
  instanceStatuses(instanceIds: string[]): Promise<Map<string, string>>;
}

type AssigneeRow = { kind: string; value: string };
type Row = {
  id: string;
  instanceId: string;
  workflowName: string;
  eventName: string;
  title: string;
  details: string | null;
  status: string;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  dueAt: Date | null;
  escalation: string | null;
  escalatedAt: Date | null;
  approvePayload: string | null;
  rejectPayload: string | null;
  approved: boolean | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
  closedReason: string | null;
  assignees: AssigneeRow[];
};

const DAY_MS = 86_400_000;

/** The ApprovalStore on `prisma`. */
export function createPrismaApprovalStore(prisma: DbClient): ApprovalStore {
  const withAssignees = { assignees: { select: { kind: true, value: true } } } as const;
  return {
    async insert(request, now) {
      const id = randomUUID();
      const openKey = openKeyOf(request.instanceId, request.eventName);
      try {
        const row = await prisma.approvalRequest.create({
          data: {
            id,
            instanceId: request.instanceId,
            workflowName: request.workflowName,
            eventName: request.eventName,
            title: request.title,
            details: request.details ?? null,
            status: 'pending',
            createdAt: now,
            updatedAt: now,
            createdBy: request.createdBy,
            dueAt: request.dueAt ?? null,
            escalation: request.escalation ? JSON.stringify(request.escalation) : null,
            approvePayload: request.approvePayload ? JSON.stringify(request.approvePayload) : null,
            rejectPayload: request.rejectPayload ? JSON.stringify(request.rejectPayload) : null,
            openKey,
            assignees: { create: assigneeRows(request.assignees) },
          },
          include: withAssignees,
        });
        return { record: toRecord(row), created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const open = await prisma.approvalRequest.findUnique({ where: { openKey }, include: withAssignees });
        if (!open) throw error;
        return { record: toRecord(open), created: false };
      }
    },
    async get(id) {
      const row = await prisma.approvalRequest.findUnique({ where: { id }, include: withAssignees });
      return row ? toRecord(row) : undefined;
    },
    async list(query) {
      const where = whereOf(query);
      const overdueWhere = { AND: [where, { status: 'pending', dueAt: { lt: query.now } }] };
      const [rows, total, overdue] = await Promise.all([
        prisma.approvalRequest.findMany({ where, include: withAssignees, orderBy: orderOf(query.status), take: query.limit, skip: query.offset }),
        prisma.approvalRequest.count({ where }),
        prisma.approvalRequest.count({ where: overdueWhere }),
      ]);
      return { items: rows.map(toRecord), total, overdue };
    },
    async markDecided(id, decision) {
      await prisma.approvalRequest.updateMany({
        where: { id, status: 'pending' },
        data: {
          status: 'decided',
          approved: decision.approved,
          decidedBy: decision.by,
          decidedAt: new Date(decision.at),
          comment: decision.comment ?? null,
          updatedAt: new Date(decision.at),
          openKey: null,
        },
      });
    },
    async escalate(id, groups, now) {
      return prisma.$transaction(async (tx) => {
        const updated = await tx.approvalRequest.updateMany({ where: { id, status: 'pending', escalatedAt: null }, data: { escalatedAt: now, updatedAt: now } });
        if (updated.count === 0) return false;
        if (groups?.length) {
          await tx.approvalAssignee.deleteMany({ where: { requestId: id } });
          await tx.approvalAssignee.createMany({ data: assigneeRows({ users: [], groups }).map((a) => ({ ...a, requestId: id })) });
        }
        return true;
      });
    },
    async close(id, reason, now) {
      const updated = await prisma.approvalRequest.updateMany({ where: { id, status: 'pending' }, data: { status: 'closed', closedReason: reason, updatedAt: now, openKey: null } });
      return updated.count > 0;
    },
    async dueForEscalation(now, limit) {
      const rows = await prisma.approvalRequest.findMany({
        where: { status: 'pending', escalatedAt: null, dueAt: { lte: now } },
        include: withAssignees,
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: limit,
      });
      return rows.map(toRecord);
    },
    async pendingInstances() {
      return prisma.approvalRequest.findMany({ where: { status: 'pending' }, select: { id: true, instanceId: true } });
    },
    async sentDecisions(ids) {
      if (ids.length === 0) return new Map();
      const rows = await prisma.messageReceipt.findMany({ where: { key: { in: ids.map(decisionReceiptKey) } } });
      const byKey = new Map(rows.map((r) => [r.key, r.record]));
      const out = new Map<string, DecisionRecord>();
      for (const id of ids) {
        const record = byKey.get(decisionReceiptKey(id));
        if (record) out.set(id, JSON.parse(record) as DecisionRecord);
      }
      return out;
    },
    async instanceStatuses(instanceIds) {
      if (instanceIds.length === 0) return new Map();
      const rows = await prisma.workflowInstance.findMany({ where: { instanceId: { in: [...new Set(instanceIds)] } }, select: { instanceId: true, status: true } });
      return new Map(rows.map((r) => [r.instanceId, r.status]));
    },
  };
}

/** The rows of a request's assignees: emails and groups lower-cased (matched without case), user IDs as given. */
function assigneeRows(assignees: Assignees): AssigneeRow[] {
  const users = assignees.users.map((u) => ({ kind: 'user', value: u.includes('@') ? u.toLowerCase() : u }));
  const groups = assignees.groups.map((g) => ({ kind: 'group', value: g.toLowerCase() }));
  const seen = new Set<string>();
  return [...users, ...groups].filter((a) => !seen.has(`${a.kind}:${a.value}`) && seen.add(`${a.kind}:${a.value}`));
}

function whereOf(query: ApprovalQuery) {
  const and: object[] = [];
  if (query.status !== 'any') and.push({ status: query.status });
  if (query.workflowName) and.push({ workflowName: query.workflowName });
  if (query.assignee) {
    const value = query.assignee.toLowerCase();
    and.push({ assignees: { some: { value: { in: [...new Set([value, query.assignee])] } } } });
  }
  if (query.due === 'overdue') and.push({ dueAt: { lt: query.now } });
  if (query.due === 'soon') and.push({ dueAt: { gte: query.now, lt: new Date(query.now.getTime() + DAY_MS) } });
  if (query.due === 'none') and.push({ dueAt: null });
  if (query.assignedTo) {
    const me = query.assignedTo;
    const users = [me.email?.toLowerCase(), me.userId].filter((v): v is string => !!v);
    const groups = me.groups.map((g) => g.toLowerCase());
    and.push({
      OR: [
        { assignees: { none: {} } },
        ...(users.length ? [{ assignees: { some: { kind: 'user', value: { in: users } } } }] : []),
        ...(groups.length ? [{ assignees: { some: { kind: 'group', value: { in: groups } } } }] : []),
      ],
    });
  }
  return { AND: and };
}

function orderOf(status: ApprovalQuery['status']) {
  if (status === 'pending') return [{ dueAt: { sort: 'asc' as const, nulls: 'last' as const } }, { createdAt: 'asc' as const }, { id: 'asc' as const }];
  if (status === 'decided') return [{ decidedAt: 'desc' as const }, { id: 'asc' as const }];
  return [{ updatedAt: 'desc' as const }, { id: 'asc' as const }];
}

function toRecord(row: Row): ApprovalRequestRecord {
  const assignees: Assignees = { users: [], groups: [] };
  for (const a of row.assignees) (a.kind === 'group' ? assignees.groups : assignees.users).push(a.value);
  return {
    id: row.id,
    instanceId: row.instanceId,
    workflowName: row.workflowName,
    eventName: row.eventName,
    title: row.title,
    ...(row.details !== null ? { details: row.details } : {}),
    status: row.status as ApprovalStatus,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: row.createdBy,
    ...(row.dueAt ? { dueAt: row.dueAt } : {}),
    ...(row.escalation ? { escalation: JSON.parse(row.escalation) as Escalation } : {}),
    ...(row.escalatedAt ? { escalatedAt: row.escalatedAt } : {}),
    ...(row.approvePayload ? { approvePayload: JSON.parse(row.approvePayload) as Record<string, unknown> } : {}),
    ...(row.rejectPayload ? { rejectPayload: JSON.parse(row.rejectPayload) as Record<string, unknown> } : {}),
    ...(row.approved !== null && row.decidedBy && row.decidedAt
      ? { decision: { approved: row.approved, by: row.decidedBy, at: row.decidedAt.toISOString(), ...(row.comment ? { comment: row.comment } : {}) } }
      : {}),
    ...(row.closedReason ? { closedReason: row.closedReason } : {}),
    assignees,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
