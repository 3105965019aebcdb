// QueryInstances and PurgeInstances by filter, on the store's keyset-paginated listing.
import type { Role } from '../auth/roles';
import { hiddenPayloadPatterns, hidesPayloads } from '../api/payload-visibility';
import { ApiError } from '../api/errors';
import { isErrorNamed } from '../engine/errors';
import { isPurgeableStatus, PURGEABLE_STATUSES } from '../engine/runtime-status';
import type { InstanceQuery } from '../engine/store';
import type { EngineHost } from '../server/engine-host';
import { decodeCursor } from '../store/cursor';
import { fromPbStatus, fromTimestamp, toOrchestrationState, toPbString } from './convert';
import type { PbInstanceQuery, PbOrchestrationState, PbPurgeInstancesRequest, PbString } from './proto-types';

/** Page size of QueryInstances when the request gives none. */
export const DEFAULT_QUERY_PAGE = 100;
/** Largest page QueryInstances returns (a bigger maxInstanceCount gets this many and a continuation token). */
export const MAX_QUERY_PAGE = 1000;
/** Page size used while walking instances to purge. */
const PURGE_PAGE = 200;

/** One page of instances matching the query (oldest first), with the token of the next page. */
export async function queryInstances(
  host: EngineHost,
  query: PbInstanceQuery | null,
  role?: Role,
): Promise<{ orchestrationState: PbOrchestrationState[]; continuationToken: PbString }> {
  const q: Partial<PbInstanceQuery> = query ?? {};
  const count = q.maxInstanceCount ?? 0;
  if (count < 0) throw new ApiError('ERR_MALFORMED_REQUEST', `maxInstanceCount must not be negative (got ${count})`);
  const cursor = q.continuationToken?.value || undefined;
  if (cursor !== undefined) requireCursor(cursor);
  const statuses = (q.runtimeStatus ?? []).map(fromPbStatus);
  const page = await host.store.listInstances({
    statuses: statuses.length ? statuses : undefined,
    createdFrom: fromTimestamp(q.createdTimeFrom, 'createdTimeFrom'),
    createdTo: fromTimestamp(q.createdTimeTo, 'createdTimeTo'),
    idPrefix: q.instanceIdPrefix?.value || undefined,
    order: 'asc',
    cursor,
    limit: Math.min(count || DEFAULT_QUERY_PAGE, MAX_QUERY_PAGE),
  });
  const patterns = hiddenPayloadPatterns();
  const payloads = (name: string) => (q.fetchInputsAndOutputs ?? false) && !(role && hidesPayloads(role, name, patterns));
  return { orchestrationState: page.items.map((row) => toOrchestrationState(row, payloads(row.name))), continuationToken: toPbString(page.nextCursor) };
}

/**
 * Purges every instance the filter matches (created in the time range, in one of the statuses: terminal ones
 * only; none given means all of them), each with its descendants. An instance whose
 * descendants are still live is left alone. Returns how many instances were deleted.
 */
export async function purgeByFilter(host: EngineHost, filter: NonNullable<PbPurgeInstancesRequest['purgeInstanceFilter']>): Promise<number> {
  const asked = (filter.runtimeStatus ?? []).map(fromPbStatus);
  const unpurgeable = asked.filter((s) => !isPurgeableStatus(s));
  if (unpurgeable.length) {
    throw new ApiError('ERR_MALFORMED_REQUEST', `only finished instances can be purged; the filter names ${unpurgeable.join(', ')} (use ${PURGEABLE_STATUSES.join(', ')})`);
  }
  const query: InstanceQuery = {
    statuses: asked.length ? asked : [...PURGEABLE_STATUSES],
    createdFrom: fromTimestamp(filter.createdTimeFrom, 'createdTimeFrom'),
    createdTo: fromTimestamp(filter.createdTimeTo, 'createdTimeTo'),
    order: 'asc',
    limit: PURGE_PAGE,
  };
  let deleted = 0;
  do {
    const page = await host.store.listInstances(query);
    for (const row of page.items) deleted += await purgeIfPossible(host, row.instanceId);
    query.cursor = page.nextCursor;
  } while (query.cursor);
  return deleted;
}

/** Purges one instance recursively; 0 when it is already gone (purged with its parent) or has a live descendant. */
async function purgeIfPossible(host: EngineHost, instanceId: string): Promise<number> {
  try {
    return await host.store.purgeInstance(instanceId, true);
  } catch (error) {
    if (isErrorNamed(error, 'InstanceNotFoundError') || isErrorNamed(error, 'InvalidInstanceStatusError')) return 0;
    throw error;
  }
}

function requireCursor(cursor: string): void {
  try {
    decodeCursor(cursor);
  } catch {
    throw new ApiError('ERR_MALFORMED_REQUEST', `continuationToken '${cursor}' is not one this server returned`);
  }
}
