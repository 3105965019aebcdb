// Records the audit entry of one HTTP call around its handler: who (the caller the route's check found, also when
// it refused them), from where, what (route-actions.ts), and the outcome from the answer's status and error code.
import { knownCallerOf, type Caller } from '../api/auth';
import { recordAudit, type AuditActor, type AuditOutcome } from './audit-log';
import { isMutating, type CallAudit, type CallFacts } from './route-actions';

/** The largest request body read again for its audit entry (a larger one is recorded without body facts). */
const MAX_AUDITED_BODY_CHARS = 2 * 1024 * 1024;

/** Turns a call's facts into what its entries say; undefined: not recorded here. */
export type DescribeCall = (facts: CallFacts) => CallAudit | CallAudit[] | undefined;

/** The actor of a Caller (lib/api/auth.ts): a token caller without a token ID is the machine token. */
export function actorOf(caller: Caller): AuditActor {
  return { kind: caller.kind === 'token' && !caller.tokenId ? 'machine' : caller.kind, name: caller.name, userId: caller.userId, tokenId: caller.tokenId };
}

/** Nobody proven: a call refused before its caller was known. */
export const ANONYMOUS: AuditActor = { kind: 'anonymous', name: 'anonymous' };

/** The outcome an HTTP status means: below 400 ok, 5xx failed, else refused (nothing changed). */
export function outcomeOf(status: number): AuditOutcome {
  return status < 400 ? 'ok' : status >= 500 ? 'failed' : 'refused';
}

/** The client's address as the server set it (scripts/serve.mjs: X-Forwarded-For from the socket). */
export function addressOf(request: Request): string | undefined {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip')?.trim() || undefined;
}

/**
 * Runs `handle` (which answers every error itself) and, for a mutating call `describe` knows, records its entry
 * before answering. Recording never changes the answer (recordAudit swallows its own faults).
 */
export async function auditedCall(request: Request, segments: readonly string[], describe: DescribeCall, handle: () => Promise<Response>): Promise<Response> {
  if (!isMutating(request.method)) return handle();
  const copy = request.body ? request.clone() : undefined;
  const response = await handle();
  const facts: CallFacts = { method: request.method, segments, body: await jsonOf(copy), result: await jsonOf(response.clone()), status: response.status };
  const described = describe(facts);
  if (!described) return response;
  const caller = knownCallerOf(request);
  for (const { actor, outcome, code, ...what } of Array.isArray(described) ? described : [described]) {
    await recordAudit({
      ...what,
      actor: actor ?? (caller ? actorOf(caller) : ANONYMOUS),
      address: addressOf(request),
      outcome: outcome ?? outcomeOf(response.status),
      status: response.status,
      code: code ?? (response.status >= 400 ? errorCodeOf(facts.result) : undefined),
    });
  }
  return response;
}

/** The path's segments after /api/, decoded (what dashboardCallAudit reads). */
export function apiSegments(request: Request): string[] {
  return segmentsAfter(new URL(request.url).pathname, 2);
}

/** The segments of `pathname` from index `skip` on (empty ones dropped), decoded. */
export function segmentsAfter(pathname: string, skip: number): string[] {
  return pathname
    .split('/')
    .slice(skip)
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** The error code of an error answer: Flowdeck's errorCode, or Better Auth's code. */
function errorCodeOf(result: unknown): string | undefined {
  const body = (typeof result === 'object' && result !== null ? result : {}) as { errorCode?: unknown; code?: unknown };
  return typeof body.errorCode === 'string' ? body.errorCode : typeof body.code === 'string' ? body.code : undefined;
}

/** A message's JSON body; undefined when it has none, it is not JSON, too large, or cannot be read again. */
async function jsonOf(message: Request | Response | undefined): Promise<unknown> {
  try {
    if (!message?.body) return undefined;
    const text = await message.text();
    return text && text.length <= MAX_AUDITED_BODY_CHARS ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
