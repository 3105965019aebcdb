// The gRPC sidecar's client calls in the audit trail: who made each call (kept per call once its token is checked),
// what it did (StartInstance, RaiseEvent, TerminateInstance, SuspendInstance, ResumeInstance, PurgeInstances,
// RerunWorkflowFromEvent) and its outcome; refusals of any mutating call too.
import { identifyCaller, type Caller } from '../api/auth';
import type * as grpc from '@grpc/grpc-js';
import { authCheckOf, requestCarrying, type SidecarAccess } from '../sidecar/call-access';
import { mapErrorToGrpc } from '../api/errors';
import { recordAudit, type AuditActor } from './audit-log';
import { actorOf, ANONYMOUS } from './route-audit';
import type { CallAudit } from './route-actions';

/** The audited sidecar methods and their actions. */
const GRPC_ACTIONS: Record<string, string> = {
  StartInstance: 'instance.start',
  RaiseEvent: 'instance.raise',
  TerminateInstance: 'instance.terminate',
  SuspendInstance: 'instance.pause',
  ResumeInstance: 'instance.resume',
  PurgeInstances: 'instance.purge',
  RerunWorkflowFromEvent: 'instance.rerun',
};

const callers = new WeakMap<object, Caller>();

/** Keeps who a gRPC call acts as (the sidecar's access check, once it let the call in). */
export function rememberCallCaller(call: object, caller: Caller): void {
  callers.set(call, caller);
}

/** Who a gRPC call acts as, once the access check let it in (undefined without one: a test server). */
export function callCallerOf(call: object): Caller | undefined {
  return callers.get(call);
}

/**
 * Keeps who a call the access check refused was, when its token proves somebody (a role too weak for the method);
 * nobody is kept for a call without a valid token.
 */
export async function rememberRefusedCaller(access: SidecarAccess, method: string, call: { metadata: grpc.Metadata }): Promise<void> {
  if (!Object.hasOwn(GRPC_ACTIONS, method)) return;
  const caller = await identifyCaller(requestCarrying(call.metadata), false, authCheckOf(access)).catch(() => undefined);
  if (caller) callers.set(call, caller);
}

/** The actor of a gRPC call, for the history events it causes; undefined when it was not checked (no access check). */
export function callActorOf(call: object): AuditActor | undefined {
  const caller = callers.get(call);
  return caller && actorOf(caller);
}

type Pb = Record<string, unknown> & { input?: { value?: string } | null; reason?: { value?: string } | null };

/** What the entry of sidecar method `method` says, from its request and response; undefined for methods not audited. */
export function grpcCallAudit(method: string, request: Pb, response: Record<string, unknown> | undefined): CallAudit | undefined {
  const action = GRPC_ACTIONS[method];
  if (!action) return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  switch (method) {
    case 'StartInstance':
      return { action, instanceId: text(response?.instanceId) ?? text(request.instanceId), target: text(request.name), payload: text(request.input?.value) };
    case 'RaiseEvent':
      return { action, instanceId: text(request.instanceId), target: text(request.name), payload: text(request.input?.value) };
    case 'RerunWorkflowFromEvent':
      return { action, instanceId: text(request.sourceInstanceID), target: text(response?.newInstanceID) ?? text(request.newInstanceID), details: { fromEventId: request.eventID } };
    case 'PurgeInstances':
      return { action, instanceId: text(request.instanceId), ...(request.purgeInstanceFilter ? { target: 'by filter', details: { deleted: response?.deletedInstanceCount } } : {}) };
    default:
      return { action, instanceId: text(request.instanceId), reason: text(request.reason?.value) };
  }
}

/**
 * Records sidecar call `method` once answered: `response` when it succeeded, else the error it failed or was
 * refused with (refused before its caller was known: anonymous). Never throws.
 */
export async function recordGrpcCall(method: string, call: { request?: unknown; getPeer?: () => string }, outcome: { response: unknown } | { error: unknown }): Promise<void> {
  const audit = grpcCallAudit(method, (call.request ?? {}) as Pb, 'response' in outcome ? (outcome.response as Record<string, unknown>) : undefined);
  if (!audit) return;
  const caller = callers.get(call);
  const failure = 'error' in outcome ? mapErrorToGrpc(outcome.error, undefined, () => undefined) : undefined;
  await recordAudit({
    ...audit,
    actor: caller ? actorOf(caller) : ANONYMOUS,
    address: peerAddress(call),
    outcome: !failure ? 'ok' : isRefusal(failure.code) ? 'refused' : 'failed',
    ...(failure && { code: failure.errorCode, details: { ...audit.details, grpcStatus: failure.code } }),
  });
}

/** gRPC codes that mean the call was refused and changed nothing (bad input, not found, not allowed, wrong state). */
function isRefusal(code: number): boolean {
  return [3, 5, 6, 7, 8, 9, 11, 16].includes(code);
}

function peerAddress(call: { getPeer?: () => string }): string | undefined {
  try {
    return call.getPeer?.().replace(/^ipv[46]:/, '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '') || undefined;
  } catch {
    return undefined;
  }
}
