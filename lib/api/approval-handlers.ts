// The approval requests' routes: list (paged, true totals, ETag), ask, read one, decide one, decide several.
// Each change is audited: done ones by the service's events (lib/approvals/process-approvals.ts), refused and
// failed ones here, with the error code the caller got.
import { approvalListQuery, approvalRequestBody, bulkDecisionBody, decisionBody, dueOf } from '../approvals/approval-input';
import { approvalView, type ApprovalListResponse, type ApprovalRequestView } from '../approvals/approval-view';
import type { ApprovalActor, Approvals } from '../approvals/approvals';
import { instanceOfApprovalError } from '../approvals/approval-errors';
import { addressOf, actorOf, outcomeOf } from '../audit/route-audit';
import { recordAudit } from '../audit/audit-log';
import { callerOf, type Caller } from './auth';
import type { ApiContext } from './context';
import { ApiError, mapError, type MappedError } from './errors';
import { jsonBody } from './instance-handlers';
import { noStoreJson, revalidatedJson } from './responses';
import { parseWith, queryObject } from './schemas';

/** GET /api/approvals: a page of requests in due order (overdue first), the total and the overdue count; 304 when unchanged. */
export async function listApprovalRequestsHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const approvals = serviceOf(ctx);
  const query = parseWith(approvalListQuery, queryObject(new URL(request.url)), 'query');
  const caller = callerOf(request);
  const now = new Date();
  const page = await approvals.list({
    status: query.status,
    workflowName: query.workflow,
    assignee: query.assignee,
    due: query.due,
    now,
    limit: query.limit,
    offset: query.offset,
    ...(query.view === 'mine' ? { assignedTo: { email: caller.email, userId: caller.userId, groups: caller.groups ?? [] } } : {}),
  });
  const actor = actorFor(request, caller);
  const body: ApprovalListResponse = {
    items: page.items.map((r) => approvalView(r, page.statuses.get(r.instanceId), actor, now)),
    total: page.total,
    overdue: page.overdue,
    limit: query.limit,
    offset: query.offset,
  };
  return revalidatedJson(request, body);
}

/** POST /api/approvals: asks for a decision; 201 with the request, or 200 with the pending one the event already has. */
export async function createApprovalRequestHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const actor = actorFor(request, callerOf(request));
  return audited(request, actor, 'approval.create', undefined, async () => {
    const body = await jsonBody(request, ctx, approvalRequestBody);
    const { request: created, created: isNew } = await serviceOf(ctx).request(
      {
        instanceId: body.instanceId,
        eventName: body.eventName,
        title: body.title ?? `${body.eventName} for ${body.instanceId}`,
        details: body.details,
        createdBy: actor.name,
        dueAt: dueOf(body, new Date()),
        escalation: body.escalation,
        approvePayload: body.approvePayload,
        rejectPayload: body.rejectPayload,
        assignees: { users: body.assignees?.users ?? [], groups: body.assignees?.groups ?? [] },
      },
      actor,
    );
    const view = approvalView(created, undefined, actor, new Date());
    return noStoreJson(view, isNew ? 201 : 200, { Location: `/api/approvals/${encodeURIComponent(created.id)}` });
  });
}

/** GET /api/approvals/{id}. */
export async function getApprovalRequestHandler(request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  const { request: found, instanceStatus } = await serviceOf(ctx).get(params.id);
  return noStoreJson(approvalView(found, instanceStatus, actorFor(request, callerOf(request)), new Date()));
}

/** POST /api/approvals/{id}/decision: the one decision (409 naming who decided first, when a stale tab tries again). */
export async function decideApprovalHandler(request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  const actor = actorFor(request, callerOf(request));
  return audited(request, actor, 'approval.decide', params.id, async () => {
    const body = await jsonBody(request, ctx, decisionBody);
    const { request: decided, instanceStatus } = await serviceOf(ctx).decide(params.id, body.decision, body.comment?.trim() || undefined, actor);
    return noStoreJson(approvalView(decided, instanceStatus, actor, new Date()));
  });
}

/** One request's outcome in a bulk decision. */
export type BulkDecisionResult = { id: string; ok: true; request: ApprovalRequestView } | { id: string; ok: false; errorCode: string; message: string };

/** POST /api/approvals/decisions: one decision and comment for each named request; 200 with each one's outcome. */
export async function decideApprovalsHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const actor = actorFor(request, callerOf(request));
  const body = await jsonBody(request, ctx, bulkDecisionBody);
  const approvals = serviceOf(ctx);
  const results: BulkDecisionResult[] = [];
  for (const id of body.ids) {
    try {
      const { request: decided, instanceStatus } = await approvals.decide(id, body.decision, body.comment?.trim() || undefined, actor);
      results.push({ id, ok: true, request: approvalView(decided, instanceStatus, actor, new Date()) });
    } catch (error) {
      const mapped = mapError(error);
      if (mapped.status >= 500) throw error;
      await auditRefusal(request, actor, 'approval.decide', id, mapped, instanceOfApprovalError(error));
      results.push({ id, ok: false, errorCode: mapped.body.errorCode, message: mapped.body.message });
    }
  }
  return noStoreJson({ results, decided: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length });
}

/** The acting caller as the approvals service takes it. */
function actorFor(request: Request, caller: Caller): ApprovalActor {
  const audit = actorOf(caller);
  return { kind: audit.kind, name: caller.name, role: caller.role, userId: caller.userId, email: caller.email, groups: caller.groups, address: addressOf(request) };
}

function serviceOf(ctx: ApiContext): Approvals {
  if (!ctx.approvals) throw new ApiError('ERR_DATABASE_UNAVAILABLE', 'approval requests need the database, which this process does not have');
  return ctx.approvals;
}

/** Runs `act`; a thrown refusal or failure is recorded in the audit trail (with its code) and thrown on. */
async function audited(request: Request, actor: ApprovalActor, action: string, target: string | undefined, act: () => Promise<Response>): Promise<Response> {
  try {
    return await act();
  } catch (error) {
    const mapped = mapError(error, undefined, () => undefined);
    await auditRefusal(request, actor, action, target, mapped, instanceOfApprovalError(error));
    throw error;
  }
}

async function auditRefusal(request: Request, actor: ApprovalActor, action: string, target: string | undefined, mapped: MappedError, instanceId: string | undefined): Promise<void> {
  await recordAudit({
    action,
    actor: { kind: actor.kind as never, name: actor.name, userId: actor.userId },
    address: addressOf(request),
    ...(target ? { target } : {}),
    ...(instanceId ? { instanceId } : {}),
    outcome: outcomeOf(mapped.status),
    status: mapped.status,
    code: mapped.body.errorCode,
    details: { message: mapped.body.message },
  });
}
