// Dashboard API handlers for the workflow catalogue (registered and declared workflows), starting them, the
// approvals inbox and the demo inventory.
import type { WorkflowDeclarationStore } from '../workflows/workflow-declarations';
import { requestTraceContext } from '../observability/trace-server';
import { MAX_METADATA_BYTES, toWorkflowMetadata, workflowMetadataBody, workflowNameProblem } from '../workflows/workflow-metadata-schema';
import type { ApiContext } from './context';
import type { WaitingEventListResponse, InventoryResponse, StartResponse } from './dto';
import { ApiError } from './errors';
import { jsonBody } from './instance-handlers';
import { noStoreJson } from './responses';
import { callerOf } from './auth';
import { hiddenPayloadPatterns, hidesPayloads } from './payload-visibility';
import { actorOf } from '../audit/route-audit';
import { emptyBody, startBody } from './schemas';
import { findWorkflowInfo, listApprovals, MAX_APPROVALS, listWorkflowInfos, toDeclaredInfo, type CatalogListResponse } from './workflows';

/** The API context of these handlers: its `declarations` are the workflow metadata apps declared (the engine host's, in the app). */
export type WorkflowApiContext = ApiContext;

/** GET /api/workflows: the registered workflows and the declared ones (a registered one wins a name clash). */
export async function listWorkflowsHandler(_request: Request, _params: unknown, ctx: WorkflowApiContext): Promise<Response> {
  const body: CatalogListResponse = { items: listWorkflowInfos(ctx.registry, (await ctx.declarations?.list()) ?? []) };
  return noStoreJson(body);
}

/** GET /api/workflows/{name}: one catalogue entry; 404 ERR_NOT_FOUND when the name is neither registered nor declared. */
export async function getWorkflowHandler(_request: Request, params: { name: string }, ctx: WorkflowApiContext): Promise<Response> {
  const info = findWorkflowInfo(ctx.registry, await ctx.declarations?.get(params.name), params.name);
  if (!info) throw new ApiError('ERR_NOT_FOUND', `no workflow named '${params.name}' is registered or declared`);
  return noStoreJson(info);
}

/**
 * PUT /api/workflows/{name}: declares (or replaces) the metadata of a workflow an app runs itself: 201 when new,
 * 200 when replaced; the answer warns when a built-in workflow has the name (the built-in's metadata wins).
 */
export async function declareWorkflowHandler(request: Request, params: { name: string }, ctx: WorkflowApiContext): Promise<Response> {
  const problem = workflowNameProblem(params.name);
  if (problem) throw new ApiError('ERR_MALFORMED_REQUEST', problem);
  const metadata = toWorkflowMetadata(await jsonBody(request, ctx, workflowMetadataBody));
  const size = Buffer.byteLength(JSON.stringify(metadata));
  if (size > MAX_METADATA_BYTES) throw new ApiError('ERR_PAYLOAD_TOO_LARGE', `the workflow metadata is ${size} bytes as JSON; the limit is ${MAX_METADATA_BYTES} bytes`);
  const { declaration, created } = await requireDeclarations(ctx).declare(params.name, metadata);
  const location = { Location: `/api/workflows/${encodeURIComponent(params.name)}` };
  return noStoreJson(toDeclaredInfo(declaration, ctx.registry), created ? 201 : 200, created ? location : {});
}

/** DELETE /api/workflows/{name}: forgets a declaration (204); 404 ERR_NOT_FOUND when there is none. */
export async function removeDeclarationHandler(_request: Request, params: { name: string }, ctx: WorkflowApiContext): Promise<Response> {
  if (!(await requireDeclarations(ctx).remove(params.name))) {
    throw new ApiError('ERR_NOT_FOUND', `no workflow named '${params.name}' was declared (built-in workflows take their metadata from code)`);
  }
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}

/** POST /api/workflows/{name}/start: 202 {instanceId} with a Location header naming the instance's detail URL. */
export async function startWorkflowHandler(request: Request, params: { name: string }, ctx: ApiContext): Promise<Response> {
  const { input, instanceId, startAt } = await jsonBody(request, ctx, startBody);
  const id = await ctx.client.scheduleNewWorkflow(params.name, input, instanceId || undefined, startAt, requestTraceContext(request), actorOf(callerOf(request)));
  const body: StartResponse = { instanceId: id };
  return noStoreJson(body, 202, { Location: `/api/instances/${encodeURIComponent(id)}` });
}

/** GET /api/approvals/waiting: waiting instances, longest wait first, with the events their workflow registered or declared. */
export async function listApprovalsHandler(request: Request, _params: unknown, ctx: WorkflowApiContext): Promise<Response> {
  const role = callerOf(request).role;
  const patterns = hiddenPayloadPatterns();
  const items = (await listApprovals(ctx, (await ctx.declarations?.list()) ?? [])).map((item) =>
    hidesPayloads(role, item.workflowName, patterns) ? { ...item, inputSummary: '', customStatus: undefined } : item,
  );
  const body: WaitingEventListResponse = { items, limit: MAX_APPROVALS, truncated: items.length >= MAX_APPROVALS };
  return noStoreJson(body);
}

/** GET /api/inventory */
export async function inventoryHandler(_request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const body: InventoryResponse = { items: await ctx.inventory.list() };
  return noStoreJson(body);
}

/** POST /api/inventory/restock: puts every default item back to its default quantity; answers the whole stock. */
export async function restockHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  await jsonBody(request, ctx, emptyBody);
  const body: InventoryResponse = { items: await ctx.inventory.restock() };
  return noStoreJson(body);
}

function requireDeclarations(ctx: WorkflowApiContext): WorkflowDeclarationStore {
  if (!ctx.declarations) throw new ApiError('ERR_INTERNAL', 'workflow declarations are not available in this process');
  return ctx.declarations;
}
