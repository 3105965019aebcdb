// Dashboard API handlers for registered workflows, starting them, the approvals inbox and the demo inventory.
import type { ApiContext } from './context';
import type { ApprovalListResponse, InventoryResponse, StartResponse, WorkflowListResponse } from './dto';
import { jsonBody } from './instance-handlers';
import { noStoreJson } from './responses';
import { emptyBody, startBody } from './schemas';
import { listApprovals, listWorkflowInfos } from './workflows';

/** GET /api/workflows */
export async function listWorkflowsHandler(_request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const body: WorkflowListResponse = { items: listWorkflowInfos(ctx.registry) };
  return noStoreJson(body);
}

/** POST /api/workflows/{name}/start: 202 {instanceId} with a Location header naming the instance's detail URL. */
export async function startWorkflowHandler(request: Request, params: { name: string }, ctx: ApiContext): Promise<Response> {
  const { input, instanceId, startAt } = await jsonBody(request, ctx, startBody);
  const id = await ctx.client.scheduleNewWorkflow(params.name, input, instanceId || undefined, startAt);
  const body: StartResponse = { instanceId: id };
  return noStoreJson(body, 202, { Location: `/api/instances/${encodeURIComponent(id)}` });
}

/** GET /api/approvals */
export async function listApprovalsHandler(_request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const body: ApprovalListResponse = { items: await listApprovals(ctx) };
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
