// Which audit action an HTTP call is, and what it names (instance, target, payload, reason), from its method, path,
// JSON body and JSON answer: one table for the dashboard API, one for Dapr's workflow API, one for sign-in. Pure.
import { auditedUrl } from '../webhooks/audited-url';
import type { AuditActor, AuditOutcome } from './audit-log';

/** What a call was, as far as its audit entry goes. */
export interface CallFacts {
  method: string;
  /** The path's segments after /api/ (dashboard) or after /{version}/ (Dapr). */
  segments: readonly string[];
  /** The request's JSON body (undefined when none or not JSON). */
  body: unknown;
  /** The answer's JSON body (undefined when none or not JSON). */
  result: unknown;
  /** The answer's HTTP status. */
  status: number;
}

/** What an audit entry says a call did. */
export interface CallAudit {
  action: string;
  instanceId?: string;
  target?: string;
  payload?: unknown;
  reason?: string;
  details?: Record<string, unknown>;
  /** Who acted, when the call itself says (a sign-in names who tried); else the caller the route's check found. */
  actor?: AuditActor;
  /** The outcome and error code of this part of a call, when it differs from the answer's (one ID of a bulk job). */
  outcome?: AuditOutcome;
  code?: string;
}

const INSTANCE_ACTIONS: Record<string, string> = { terminate: 'instance.terminate', pause: 'instance.pause', resume: 'instance.resume', purge: 'instance.purge', 'raise-event': 'instance.raise' };
const DAPR_ACTIONS: Record<string, string> = { terminate: 'instance.terminate', pause: 'instance.pause', resume: 'instance.resume', purge: 'instance.purge' };

/** True for methods that change something (the only calls recorded). */
export function isMutating(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/**
 * The audit of a mutating dashboard API call (/api/...); undefined for calls recorded elsewhere (approvals: by
 * lib/approvals; sign-in: by the sign-in routes). A route the table does not know is `api.<method>` with its path.
 * A bulk request on ticked rows is one entry for the request and one per instance it acted on (with that instance's
 * outcome); a bulk job (/api/bulk-jobs) is `bulk-job.start`, `bulk-job.dry-run` or `bulk-job.cancel`.
 */
export function dashboardCallAudit({ method, segments, body, result }: CallFacts): CallAudit | CallAudit[] | undefined {
  const [area, id, sub] = segments;
  const b = record(body);
  const r = record(result);
  if (area === 'approvals' || area === 'auth' || area === 'session') return undefined;
  if (area === 'instances' && id === 'bulk' && segments.length === 2) {
    const ids = Array.isArray(b.instanceIds) ? b.instanceIds.filter((x): x is string => typeof x === 'string') : [];
    const action = `bulk.${text(b.action) ?? 'unknown'}`;
    const reason = text(b.reason);
    const job: CallAudit = { action, target: `${ids.length} instance${ids.length === 1 ? '' : 's'}`, reason, details: { instanceIds: ids.slice(0, 100), ...(b.dryRun === true && { dryRun: true }) } };
    if (b.dryRun === true || !Array.isArray(r.results)) return job;
    const each = r.results.map(record).map((one): CallAudit => ({ action, instanceId: text(one.instanceId), outcome: one.ok === true ? 'ok' : 'refused', code: text(one.errorCode), reason, details: { bulk: true } }));
    return [job, ...each];
  }
  if (area === 'bulk-jobs' && segments.length === 1) return bulkJobStartAudit(b, r);
  if (area === 'bulk-jobs' && id && sub === 'cancel' && segments.length === 3) return { action: 'bulk-job.cancel', target: id, details: pick(r, ['action', 'total', 'processed']) };
  if (area === 'instances' && id && sub === 'rerun' && segments.length === 3) {
    return { action: 'instance.rerun', instanceId: id, target: text(r.instanceId), payload: b.input, details: numberField('fromEventId', b.fromEventId) };
  }
  if (area === 'instances' && id && sub && segments.length === 3 && Object.hasOwn(INSTANCE_ACTIONS, sub)) {
    const raise = sub === 'raise-event';
    return { action: INSTANCE_ACTIONS[sub], instanceId: id, target: raise ? text(b.eventName) : undefined, payload: raise ? b.payload : b.output, reason: text(b.reason) };
  }
  if (area === 'workflows' && id && sub === 'start' && segments.length === 3) {
    return { action: 'instance.start', instanceId: text(r.instanceId) ?? text(b.instanceId), target: id, payload: b.input };
  }
  if (area === 'workflows' && id && segments.length === 2) return { action: method === 'DELETE' ? 'workflow.remove' : 'workflow.declare', target: id };
  if (area === 'tokens' && segments.length === 1) return { action: 'token.create', target: text(r.id), details: pick(b, ['name', 'role', 'expiresInDays']) };
  if (area === 'tokens' && id && segments.length === 2) return { action: 'token.revoke', target: id };
  if (area === 'users' && id === 'demo' && segments.length === 2) return { action: 'user.create-demo', details: { emails: Array.isArray(r.users) ? r.users.map(record).map((u) => text(u.email)).filter(Boolean) : [] } };
  if (area === 'webhooks' && segments.length === 1) {
    return { action: 'webhook.add', target: text(r.id), details: { ...(text(b.url) && { url: auditedUrl(text(b.url) ?? '') }), ...pick(b, ['workflowName']) } };
  }
  if (area === 'webhooks' && id && segments.length === 2) return { action: 'webhook.remove', target: id };
  if (area === 'users' && segments.length === 1) return { action: 'user.create', target: text(r.id), details: pick(b, ['email', 'name', 'role']) };
  if (area === 'users' && id && segments.length === 2) return { action: method === 'DELETE' ? 'user.remove' : 'user.update', target: id, details: pick(b, ['role']) };
  if (area === 'inventory' && id === 'restock') return { action: 'inventory.restock', payload: body };
  return { action: `api.${method.toLowerCase()}`, target: `/api/${segments.join('/')}` };
}

/**
 * POST /api/bulk-jobs: `bulk-job.start` (the job's ID as target) or, for a dry run, `bulk-job.dry-run`, each with the
 * action, the filter, the count the server found (when it answered with one) and the reason.
 */
function bulkJobStartAudit(b: Record<string, unknown>, r: Record<string, unknown>): CallAudit {
  const details = { action: text(b.action), filter: typeof b.filter === 'string' ? b.filter : undefined, ...(typeof r.total === 'number' && { count: r.total }) };
  if (b.dryRun === true) return { action: 'bulk-job.dry-run', reason: text(b.reason), details };
  return { action: 'bulk-job.start', target: text(r.id), reason: text(b.reason), details };
}

/** The audit of a mutating call to Dapr's workflow API (/{version}/workflows/dapr/...); undefined for other areas. */
export function daprCallAudit({ segments, body, result }: CallFacts): CallAudit | undefined {
  const [area, , first, second, third] = segments;
  if (area !== 'workflows' || !first) return undefined;
  if (second === 'start' && segments.length === 4) return { action: 'instance.start', instanceId: text(record(result).instanceID), target: first, payload: body };
  if (second === 'raiseEvent' && third && segments.length === 5) return { action: 'instance.raise', instanceId: first, target: third, payload: body };
  if (second && segments.length === 4 && Object.hasOwn(DAPR_ACTIONS, second)) return { action: DAPR_ACTIONS[second], instanceId: first };
  return { action: 'api.dapr', target: `/${segments.join('/')}` };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberField(key: string, value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'number' ? { [key]: value } : undefined;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined && key !== 'password').map((key) => [key, source[key]]));
}

/** The machine token (WORKFLOW_API_TOKEN / DAPR_API_TOKEN), which the dashboard's token sign-in proves. */
const MACHINE: AuditActor = { kind: 'machine', name: 'API token' };

/**
 * The audit of a sign-in call: the token sign-in (/api/session) and its sign-out; Better Auth's failed password
 * sign-ins (named by the email tried) and sign-outs. A person's successful sign-in is recorded as its session is
 * made (sign-in-audit.ts), for passwords and OpenID alike.
 */
export function signInCallAudit({ method, segments, body, status }: CallFacts): CallAudit | undefined {
  const path = segments.join('/');
  const ok = status < 400;
  if (path === 'session' && method === 'POST') return ok ? { action: 'auth.sign-in', actor: MACHINE, details: { method: 'token' } } : { action: 'auth.sign-in-failed', details: { method: 'token' } };
  if (path === 'session' && method === 'DELETE') return { action: 'auth.sign-out', actor: MACHINE, details: { method: 'token' } };
  if (path === 'auth/sign-in/email' && method === 'POST' && !ok) {
    return { action: 'auth.sign-in-failed', actor: { kind: 'anonymous', name: text(record(body).email) ?? 'anonymous' }, details: { method: 'password' } };
  }
  if (path === 'auth/sign-out' && method === 'POST') return { action: 'auth.sign-out' };
  return undefined;
}
