// Serves Dapr's HTTP API: the workflow management calls (token check, route match, one engine call, Dapr-shaped
// answer), GET /metadata and the health probes a Dapr client polls before it talks.
import { applyAction } from './actions';
import { authenticateRequest, callerOf } from './auth';
import { defaultRoleFor } from '../auth/roles';
import type { ApiContext } from './context';
import { toDaprWorkflowState } from './dapr-state';
import { hidesPayloads, stateWithoutPayloads } from './payload-visibility';
import { allowedMethods, daprAreaOf, matchDaprRoute, requireGet, type DaprRoute } from './dapr-router';
import { ApiError, errorResponse } from './errors';
import { requireInstance } from './instances';
import { bodyLimit, noStoreJson } from './responses';
import { readJsonBody } from './request-body';
import { optionsResponse } from './route';
import { rejectRepeatedParams } from './schemas';
import { requestTraceContext } from '../observability/trace-server';
import { daprMetadataBody } from '../sidecar/dapr-metadata';
import { runningSidecar } from '../sidecar/sidecar-registry';
import { actorOf, auditedCall } from '../audit/route-audit';
import { daprCallAudit } from '../audit/route-actions';

/**
 * Answers one request to /{version}/{...segments}. Every error is a JSON {errorCode, message}
 * (see lib/api/errors.ts); rejected requests change nothing. Only the health probes need no token; no query
 * parameter may be repeated; OPTIONS answers 204 with the path's methods in Allow (state paths too). The state
 * API's other calls (/state/...) are lib/api/dapr-state-http.ts, which the route binding (next-routes.ts) calls
 * instead, after refuseDaprStateRequest. Mutating workflow calls are recorded in the audit trail (lib/audit).
 */
export function handleDaprRequest(request: Request, version: string, segments: readonly string[], getContext: () => Promise<ApiContext>): Promise<Response> {
  return auditedCall(request, segments, daprCallAudit, () => answerDaprRequest(request, version, segments, getContext));
}

async function answerDaprRequest(request: Request, version: string, segments: readonly string[], getContext: () => Promise<ApiContext>): Promise<Response> {
  let route: DaprRoute | undefined;
  try {
    const area = daprAreaOf(segments);
    if (area !== 'health') await authenticateRequest(request, false, defaultRoleFor(request.method));
    rejectRepeatedParams(new URL(request.url));
    if (request.method === 'OPTIONS') return optionsResponse(allowedMethods(segments), new URL(request.url).pathname);
    if (area === 'health') return await health(request, segments, getContext);
    if (area === 'metadata') {
      requireGet(request.method, segments);
      return noStoreJson(daprMetadataBody(runningSidecar()));
    }
    route = matchDaprRoute(request.method, segments);
    return await execute(request, version, route, await getContext());
  } catch (error) {
    return errorResponse(error, route?.operation);
  }
}

/**
 * What every Dapr route checks before the state API (lib/api/dapr-state-http.ts) serves a request: the token and
 * the query rule (no repeated parameter). An error response, or undefined to go on.
 */
export async function refuseDaprStateRequest(request: Request): Promise<Response | undefined> {
  try {
    await authenticateRequest(request, false, defaultRoleFor(request.method));
    rejectRepeatedParams(new URL(request.url));
    return undefined;
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET /healthz and /healthz/outbound: 204 once the engine is up and its database answers. */
async function health(request: Request, segments: readonly string[], getContext: () => Promise<ApiContext>): Promise<Response> {
  try {
    requireGet(request.method, segments);
    await (await getContext()).pingDatabase();
    return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const response = errorResponse(error);
    return response.status === 500 ? errorResponse(new ApiError('ERR_DATABASE_UNAVAILABLE', 'the database did not answer; see the server log')) : response;
  }
}

async function execute(request: Request, version: string, route: DaprRoute, ctx: ApiContext): Promise<Response> {
  switch (route.operation) {
    case 'get': {
      const state = toDaprWorkflowState(await requireInstance(ctx, route.instanceId));
      return noStoreJson(hidesPayloads(callerOf(request).role, state.workflowName) ? stateWithoutPayloads(state) : state, 200);
    }
    case 'start': {
      const body = await readJsonBody(request, bodyLimit(ctx, 'payload'));
      const requestedId = new URL(request.url).searchParams.get('instanceID') ?? undefined;
      const input = body.present ? body.value : undefined;
      const instanceID = await ctx.client.scheduleNewWorkflow(route.workflowName, input, requestedId || undefined, undefined, requestTraceContext(request), actorOf(callerOf(request)));
      const location = `/${version}/workflows/dapr/${encodeURIComponent(instanceID)}`;
      return noStoreJson({ instanceID }, 202, { Location: location });
    }
    case 'raiseEvent': {
      const body = await readJsonBody(request, bodyLimit(ctx, 'payload'));
      await applyAction(ctx, route.instanceId, { kind: 'raiseEvent', eventName: route.eventName, payload: body.present ? body.value : undefined }, actorOf(callerOf(request)));
      return accepted();
    }
    default:
      await applyAction(ctx, route.instanceId, { kind: route.operation }, actorOf(callerOf(request)));
      return accepted();
  }
}

function accepted(): Response {
  return new Response(null, { status: 202, headers: { 'Cache-Control': 'no-store' } });
}
