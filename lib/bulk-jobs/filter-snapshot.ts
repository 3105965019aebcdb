// The instances a bulk job acts on: every ID the list's filter (its query string) matches now, in the list's order.
import type { InstanceReadContext } from '../api/instances';
import type { RuntimeStatus } from '../engine/runtime-status';
import { storeFilterOf } from '../api/instance-list-query';
import { INSTANCE_LIST_PARAMS, instanceFilterQuery, parseWith, queryObject } from '../api/schemas';

/** How many instances one bulk job may take (a larger match is refused: narrow the filter). */
export const MAX_BULK_JOB_INSTANCES = 100_000;

/** IDs the store reads per page while taking the snapshot. */
const SNAPSHOT_PAGE = 500;

/**
 * Parses `filter` (the list's query string, with or without '?') as GET /api/instances does (a bad one throws the
 * same 400) and returns the ID and status of every matching instance; at most `max` + 1, so a caller can tell "too many".
 */
export async function snapshotMatchingIds(ctx: Pick<InstanceReadContext, 'store' | 'registry' | 'connectedWorkers'>, filter: string, max = MAX_BULK_JOB_INSTANCES): Promise<{ instanceId: string; status: RuntimeStatus }[]> {
  const url = new URL(`http://filter/?${filter.replace(/^\?/, '')}`);
  const params = parseWith(instanceFilterQuery, queryObject(url, INSTANCE_LIST_PARAMS), 'query');
  const query = storeFilterOf(ctx, params, new Date());
  if (!query) return [];
  const ids: { instanceId: string; status: RuntimeStatus }[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listInstances({ ...query, cursor, limit: SNAPSHOT_PAGE, columns: 'summary' });
    ids.push(...page.items.map((row) => ({ instanceId: row.instanceId, status: row.status })));
    cursor = page.nextCursor;
  } while (cursor && ids.length <= max);
  return ids.slice(0, max + 1);
}
