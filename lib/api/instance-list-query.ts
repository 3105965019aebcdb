// The validated query of GET /api/instances (and its export) as the store's InstanceQuery.
import type { z } from 'zod';
import type { InstanceQuery, InstanceSort } from '../engine/store';
import type { InstanceReadContext } from './instances';
import { WAITING_FOR_WORKER_STATUSES } from './remote-waits';
import type { instanceListQuery } from './schemas';

/** Filters, sort, order and page of GET /api/instances (already validated). */
export type InstanceListParams = Omit<z.output<typeof instanceListQuery>, 'sort'> & { sort?: InstanceSort };

/**
 * The store query of `params` at `now` (without cursor and limit), or undefined when no instance can match:
 * `waitingKind=worker` while an SDK worker is connected. `waitingKind=worker` is isWaitingForWorker's rule as a
 * query: a status of WAITING_FOR_WORKER_STATUSES (due by now), a workflow this process does not run, no worker connected.
 */
export function storeFilterOf(ctx: Pick<InstanceReadContext, 'registry' | 'connectedWorkers'>, params: Omit<InstanceListParams, 'cursor' | 'limit'>, now: Date): Omit<InstanceQuery, 'cursor' | 'limit'> | undefined {
  const query: Omit<InstanceQuery, 'cursor' | 'limit'> = {
    statuses: params.status?.length ? params.status : undefined,
    name: params.name,
    idPrefix: params.idPrefix,
    idContains: params.idContains,
    createdFrom: params.createdFrom,
    createdTo: params.createdTo,
    updatedFrom: params.updatedFrom,
    updatedTo: params.updatedTo,
    completedFrom: params.completedFrom,
    completedTo: params.completedTo,
    parentInstanceId: params.parentInstanceId,
    topLevel: params.topLevel || undefined,
    waitingName: params.waitingName,
    failureType: params.failureType,
    failureText: params.failureText,
    sort: params.sort,
    order: params.order,
  };
  if (params.waitingKind === 'worker') {
    if ((ctx.connectedWorkers?.() ?? 0) > 0) return undefined;
    // The statuses dueBy allows, named too: the page then reads each status in its index order (see PrismaReads).
    const statuses = (query.statuses ?? WAITING_FOR_WORKER_STATUSES).filter((s) => WAITING_FOR_WORKER_STATUSES.includes(s));
    if (!statuses.length) return undefined;
    return { ...query, statuses, dueBy: now, excludeNames: [...ctx.registry.workflowNames()] };
  }
  if (params.waitingKind) query.waitingKind = params.waitingKind;
  if (params.waitingLongerThan !== undefined) query.waitingSinceBy = new Date(now.getTime() - params.waitingLongerThan);
  return query;
}
