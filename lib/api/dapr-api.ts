// Serves Dapr's workflow management API: token check, route match, one engine call, Dapr-shaped answer.
import { applyAction } from './actions';
import { requireApiToken } from './auth';
import type { ApiContext } from './context';
import { toDaprWorkflowState } from './dapr-state';
import { matchDaprRoute, type DaprRoute } from './dapr-router';
import { errorResponse } from './errors';
import { requireInstance } from './instances';
import { bodyLimit, noStoreJson } from './responses';
import { readJsonBody } from './request-body';

/**
 * Answers one request to /{version}/{...segments}. Every error is a JSON {errorCode, message}
 * (see lib/api/errors.ts); rejected requests change nothing.
 */
export async function handleDaprRequest(request: Request, version: string, segments: readonly string[], getContext: () => Promise<ApiContext>): Promise<Response> {
  let route: DaprRoute | undefined;
  try {
    requireApiToken(request, false);
    route = matchDaprRoute(request.method, segments);
    return await execute(request, version, route, await getContext());
  } catch (error) {
    return errorResponse(error, route?.operation);
  }
}

async function execute(request: Request, version: string, route: DaprRoute, ctx: ApiContext): Promise<Response> {
  switch (route.operation) {
    case 'get':
      return noStoreJson(toDaprWorkflowState(await requireInstance(ctx, route.instanceId)), 200);
    case 'start': {
      const body = await readJsonBody(request, bodyLimit(ctx, 'payload'));
      const requestedId = new URL(request.url).searchParams.get('instanceID') ?? undefined;
      const instanceID = await ctx.client.scheduleNewWorkflow(route.workflowName, body.present ? body.value : undefined, requestedId || undefined);
      const location = `/${version}/workflows/dapr/${encodeURIComponent(instanceID)}`;
      return noStoreJson({ instanceID }, 202, { Location: location });
    }
    case 'raiseEvent': {
      const body = await readJsonBody(request, bodyLimit(ctx, 'payload'));
      await applyAction(ctx, route.instanceId, { kind: 'raiseEvent', eventName: route.eventName, payload: body.present ? body.value : undefined });
      return accepted();
    }
    default:
      await applyAction(ctx, route.instanceId, { kind: route.operation });
      return accepted();
  }
}

function accepted(): Response {
  return new Response(null, { status: 202, headers: { 'Cache-Control': 'no-store' } });
}
