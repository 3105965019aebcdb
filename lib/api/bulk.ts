// Bulk pause/resume/terminate/purge over a list of IDs, with a per-ID outcome and an optional dry run.
import { InstanceNotFoundError, InvalidInstanceStatusError } from '../engine/errors';
import { isLiveStatus, isPurgeableStatus, OPERATION_STATUSES } from '../engine/runtime-status';
import type { InstanceRecord } from '../engine/store';
import { applyAction } from './actions';
import type { ApiContext } from './context';
import { listDescendants } from './descendants';
import type { BulkAction, BulkRequest, BulkResponse, BulkResult } from './dto';
import { mapError } from './errors';
import type { EventActor } from '../engine/history-events';

/**
 * Applies `action` to each ID in order and reports each outcome; one failing ID does not stop the rest.
 * With dryRun nothing changes and each result says whether the action would apply now. For terminate and
 * purge, affectedDescendants counts the child workflows (live ones, for terminate) that go with them. `actor` (who)
 * goes on the history events the actions cause.
 */
export async function runBulk(ctx: Pick<ApiContext, 'client' | 'store'>, request: BulkRequest, actor?: EventActor): Promise<BulkResponse> {
  const predicted = await Promise.all(request.instanceIds.map((id) => predict(ctx, id, request.action)));
  const accepted = predicted.filter((p) => p.ok).map((p) => p.instanceId);
  const affectedDescendants = await countAffectedDescendants(ctx, request.action, accepted);
  const results: BulkResult[] = [];
  for (const [i, instanceId] of request.instanceIds.entries()) {
    results.push(request.dryRun ? predicted[i] : await apply(ctx, instanceId, request.action, request.reason, actor));
  }
  return affectedDescendants === undefined ? { results } : { results, affectedDescendants };
}

async function apply(ctx: Pick<ApiContext, 'client'>, instanceId: string, action: BulkAction, reason: string | undefined, actor: EventActor | undefined): Promise<BulkResult> {
  try {
    // A purge deletes the instance with its history: its reason is kept by the audit trail only.
    await applyAction(ctx, instanceId, action === 'purge' ? { kind: action } : { kind: action, reason }, actor);
    return { instanceId, ok: true };
  } catch (error) {
    return failed(instanceId, error, action);
  }
}

async function predict(ctx: Pick<ApiContext, 'store'>, instanceId: string, action: BulkAction): Promise<BulkResult> {
  const row = await ctx.store.getInstance(instanceId);
  if (!row) return failed(instanceId, new InstanceNotFoundError(instanceId), action);
  const blocker = action === 'purge' ? await firstLive(ctx, row) : row;
  if (blocker && !OPERATION_STATUSES[action].includes(blocker.status)) {
    return failed(instanceId, new InvalidInstanceStatusError(blocker.instanceId, action, blocker.status, OPERATION_STATUSES[action]), action);
  }
  return { instanceId, ok: true };
}

/** For purge: the root when it is not purgeable, else the first descendant that is not (which blocks a recursive purge). */
async function firstLive(ctx: Pick<ApiContext, 'store'>, row: InstanceRecord): Promise<InstanceRecord | undefined> {
  if (!isPurgeableStatus(row.status)) return row;
  return (await listDescendants(ctx.store, [row.instanceId])).find((d) => !isPurgeableStatus(d.status));
}

async function countAffectedDescendants(ctx: Pick<ApiContext, 'store'>, action: BulkAction, roots: string[]): Promise<number | undefined> {
  if (action !== 'terminate' && action !== 'purge') return undefined;
  if (!roots.length) return 0;
  const descendants = await listDescendants(ctx.store, roots);
  return action === 'purge' ? descendants.length : descendants.filter((d) => isLiveStatus(d.status)).length;
}

function failed(instanceId: string, error: unknown, action: BulkAction): BulkResult {
  const { body } = mapError(error, action);
  return { instanceId, ok: false, errorCode: body.errorCode, message: body.message };
}
