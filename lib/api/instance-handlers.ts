// Dashboard API handlers for /api/instances/**: list, detail, history, executions, per-instance actions, rerun, bulk.
import { requireActionRole } from './action-roles';
import { callerOf } from './auth';
import { applyAction, type InstanceAction } from './actions';
import { runBulk } from './bulk';
import type { ApiContext } from './context';
import type { BulkRequest } from './dto';
import { ApiError, errorResponse, methodNotAllowedError, type ApiOperation } from './errors';
import { getExecutionHistoryPage, listExecutions } from './executions';
import { getHistoryPage, getInstanceDetail, listInstances, requireInstance } from './instances';
import { eventsWithoutPayloads, hiddenPayloadPatterns, hidesPayloads, listRowsFor, withoutPayloads } from './payload-visibility';
import { getRerunLinks, rerunBody, rerunInstance } from './rerun';
import { readJsonBody } from './request-body';
import { bodyLimit, noStoreJson, revalidatedJson } from './responses';
import { bulkBody, emptyBody, historyQuery, INSTANCE_LIST_PARAMS, instanceListQuery, parseWith, queryObject, raiseEventBody, reasonBody, terminateBody } from './schemas';
import type { z } from 'zod';
import { actorOf } from '../audit/route-audit';

/** GET /api/instances */
export async function listInstancesHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const query = parseWith(instanceListQuery, queryObject(new URL(request.url), INSTANCE_LIST_PARAMS), 'query');
  const page = await listInstances(ctx, query);
  return revalidatedJson(request, { ...page, items: page.items.map(listRowsFor(callerOf(request).role)) });
}

/** GET /api/instances/{id} */
export async function instanceDetailHandler(request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  const detail = await getInstanceDetail(ctx, params.id);
  return revalidatedJson(request, hidesPayloads(callerOf(request).role, detail.workflowName) ? withoutPayloads(detail) : detail);
}

/** POST /api/instances/bulk (reached through the [id] segment, whose only POST is `bulk`). */
export async function bulkHandler(request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  if (params.id !== 'bulk') {
    throw methodNotAllowedError('POST', ['GET'], `/api/instances/${params.id}`);
  }
  const body: BulkRequest = await jsonBody(request, ctx, bulkBody);
  return noStoreJson(await runBulk(ctx, body, actorOf(callerOf(request))));
}

/**
 * GET /api/instances/{id}/history?order=&from=&before=&limit=&executionId= (order asc with from, or desc with before;
 * executionId: a kept closed execution, default the current one)
 */
export async function historyHandler(request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  const query = queryObject(new URL(request.url));
  const pageQuery = parseWith(historyQuery, query, 'query');
  const executionId = typeof query.executionId === 'string' && query.executionId ? query.executionId : undefined;
  const page = executionId ? await getExecutionHistoryPage(ctx, params.id, executionId, pageQuery) : await getHistoryPage(ctx, params.id, pageQuery);
  const hidden = hiddenPayloadPatterns().length > 0 && hidesPayloads(callerOf(request).role, (await requireInstance(ctx, params.id)).name);
  return revalidatedJson(request, hidden ? { ...page, events: eventsWithoutPayloads(page.events) } : page);
}

/** GET /api/instances/{id}/executions: the kept closed executions and the current one, oldest first. */
export async function executionsHandler(_request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  return noStoreJson(await listExecutions(ctx, params.id));
}

/** POST /api/instances/{id}/rerun {fromEventId, input?, workflowInput?, newInstanceId?}: 202 with the new instance's ID. */
export async function rerunHandler(request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  const body = await jsonBody(request, ctx, rerunBody);
  return noStoreJson(await rerunInstance(ctx, params.id, body, actorOf(callerOf(request))), 202);
}

/** GET /api/instances/{id}/rerun: where the instance was rerun from and its reruns. */
export async function rerunLinksHandler(_request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  return noStoreJson(await getRerunLinks(ctx, params.id));
}

/** The per-instance actions of the dashboard API, by path segment. */
const ACTIONS: Record<string, ApiOperation> = { terminate: 'terminate', pause: 'pause', resume: 'resume', purge: 'purge', 'raise-event': 'raiseEvent' };

/** True when `action` is one of the per-instance actions (the path segment after the instance ID). */
export function isInstanceAction(action: string): boolean {
  return Object.hasOwn(ACTIONS, action);
}

/** POST /api/instances/{id}/{terminate|pause|resume|purge|raise-event}: 202 {instanceId} once accepted. */
export async function instanceActionHandler(request: Request, params: { id: string; action: string }, ctx: ApiContext): Promise<Response> {
  const operation = isInstanceAction(params.action) ? ACTIONS[params.action] : undefined;
  if (!operation) throw new ApiError('ERR_NOT_FOUND', `unknown instance action '${params.action}'; use one of ${Object.keys(ACTIONS).join(', ')}`);
  try {
    const action = await readAction(request, ctx, operation);
    await requireActionRole(callerOf(request), operation, params.id, ctx, action.kind === 'raiseEvent' ? action.eventName : undefined);
    await applyAction(ctx, params.id, action, actorOf(callerOf(request)));
    return noStoreJson({ instanceId: params.id }, 202);
  } catch (error) {
    return errorResponse(error, operation);
  }
}

async function readAction(request: Request, ctx: ApiContext, operation: ApiOperation): Promise<InstanceAction> {
  switch (operation) {
    case 'terminate':
      return { kind: 'terminate', ...(await jsonBody(request, ctx, terminateBody)) };
    case 'pause':
    case 'resume':
      return { kind: operation, ...(await jsonBody(request, ctx, reasonBody)) };
    case 'raiseEvent':
      return { kind: 'raiseEvent', ...(await jsonBody(request, ctx, raiseEventBody)) };
    default:
      await jsonBody(request, ctx, emptyBody);
      return { kind: 'purge' };
  }
}

/** Reads and validates a JSON body; an empty body counts as `{}`. */
export async function jsonBody<S extends z.ZodType>(request: Request, ctx: ApiContext, schema: S): Promise<z.output<S>> {
  const body = await readJsonBody(request, bodyLimit(ctx, 'envelope'));
  return parseWith(schema, body.present ? body.value : {}, 'body');
}
