// Reading instances for the dashboard: filtered pages with counts, one instance in detail, its history in pages.
import { InstanceNotFoundError } from '../engine/errors';
import { RUNTIME_STATUSES, type RuntimeStatus } from '../engine/runtime-status';
import type { InstanceRecord } from '../engine/store';
import { nothingWaited } from '../engine/waiting-on';
import type { ApiContext } from './context';
import type { HistoryPage, HistoryPageQuery, InstanceDetail, InstanceListResponse } from './dto';
import { historyPageRange, toHistoryPage } from './history-page';
import { parsePayload, toSummary, workerStateOf } from './instance-views';
import { storeFilterOf, type InstanceListParams } from './instance-list-query';
import { expectedEventWaits } from './remote-waits';

/** Most children listed in an instance's detail. */
export const MAX_CHILDREN_LISTED = 200;

/** What reading instances needs: the store, and who runs workflows (to tell which instances wait for a worker). */
export type InstanceReadContext = Pick<ApiContext, 'store' | 'registry' | 'connectedWorkers' | 'declarations'>;

/** One page of instances (summary columns only: no payload is read) and the counts by status under the same filters. */
export async function listInstances(ctx: InstanceReadContext, params: InstanceListParams, now = new Date()): Promise<InstanceListResponse> {
  const filter = storeFilterOf(ctx, params, now);
  if (!filter) return { items: [], counts: zeroCounts() };
  const { statuses: _statuses, sort: _sort, order: _order, ...counted } = filter;
  const query = { ...filter, cursor: params.cursor, limit: params.limit, columns: 'summary' as const };
  // The counts ignore the sort (sorting by completion or duration lists finished instances only; the chips still count all).
  const [page, partialCounts] = await Promise.all([ctx.store.listInstances(query), ctx.store.countInstancesByStatus(counted)]);
  const counts = { ...zeroCounts(), ...partialCounts };
  const workers = workerStateOf(ctx);
  return { items: page.items.map((row) => toSummary(row, workers)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), counts };
}

function zeroCounts(): Record<RuntimeStatus, number> {
  return Object.fromEntries(RUNTIME_STATUSES.map((s) => [s, 0])) as Record<RuntimeStatus, number>;
}

/** The most recent activity log lines an instance detail carries (the page refetches it every second). */
export const MAX_LOG_LINES = 500;

/**
 * The instance with payloads, what it waits on (and may wait on: events a remote worker did not report), parent,
 * children and activity logs; throws InstanceNotFoundError.
 */
export async function getInstanceDetail(ctx: InstanceReadContext, instanceId: string): Promise<InstanceDetail> {
  const row = await requireInstance(ctx, instanceId);
  const registered = ctx.registry.workflow(row.name) !== undefined;
  const [parent, children, logs, declared] = await Promise.all([
    row.parentInstanceId ? ctx.store.getInstance(row.parentInstanceId) : undefined,
    ctx.store.listInstances({ parentInstanceId: instanceId, order: 'asc', limit: MAX_CHILDREN_LISTED, columns: 'summary' }),
    ctx.store.getActivityLogs(instanceId),
    registered ? undefined : ctx.declarations?.get(row.name),
  ]);
  const workers = workerStateOf(ctx);
  const detail: InstanceDetail = {
    ...toSummary(row, workers),
    executionId: row.executionId,
    waitingOn: row.waitingOn ?? nothingWaited(),
    expectedEvents: expectedEventWaits(row, declared?.metadata, registered),
    children: children.items.map((child) => toSummary(child, workers)),
    childrenTruncated: children.nextCursor !== undefined,
    historyLength: row.historyLength,
    activityLogs: logs.slice(-MAX_LOG_LINES).map((l) => ({ taskId: l.taskId, message: l.message, createdAt: l.createdAt.toISOString() })),
    activityLogsOmitted: Math.max(0, logs.length - MAX_LOG_LINES),
  };
  if (row.input !== undefined) detail.input = parsePayload(row.input);
  if (row.output !== undefined) detail.output = parsePayload(row.output);
  if (row.failure) detail.failure = { ...row.failure };
  if (row.scheduledStartAt) detail.scheduledStartAt = row.scheduledStartAt.toISOString();
  if (parent) detail.parent = toSummary(parent, workers);
  return detail;
}

/** One page of the instance's history (see HistoryPageQuery); throws InstanceNotFoundError. */
export async function getHistoryPage(ctx: Pick<ApiContext, 'store'>, instanceId: string, query: HistoryPageQuery): Promise<HistoryPage> {
  const row = await requireInstance(ctx, instanceId);
  const range = historyPageRange(row.historyLength, query);
  const events = range.end > range.start ? await ctx.store.getHistory(instanceId, { fromSequence: range.start, limit: range.end - range.start }) : [];
  return toHistoryPage(events, range, row.historyLength, query);
}

/** The instance row; throws InstanceNotFoundError when there is none. */
export async function requireInstance(ctx: Pick<ApiContext, 'store'>, instanceId: string): Promise<InstanceRecord> {
  const row = await ctx.store.getInstance(instanceId);
  if (!row) throw new InstanceNotFoundError(instanceId);
  return row;
}
