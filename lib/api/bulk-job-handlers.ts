// Dashboard API handlers for /api/bulk-jobs: start a bulk action over every instance a list filter matches (or see
// what it would do), list recent jobs, read one, cancel one. The server's bulk-job loop does the work.
import { z } from 'zod';
import { callerOf } from './auth';
import type { ApiContext } from './context';
import { ApiError } from './errors';
import { jsonBody } from './instance-handlers';
import { noStoreJson } from './responses';
import { actorOf } from '../audit/route-audit';
import type { DbClient } from '../db/client';
import { OPERATION_STATUSES, TERMINAL_STATUSES } from '../engine/runtime-status';
import { createBulkJob, requestCancel, type BulkJobOutcomes } from '../bulk-jobs/bulk-job-runner';
import { MAX_BULK_JOB_INSTANCES, snapshotMatchingIds } from '../bulk-jobs/filter-snapshot';
import { withLiveChildren } from '../bulk-jobs/live-children';

/** Above this many instances a job needs `confirm`: the count or the action word. */
export const CONFIRM_ABOVE = 100;

/** How many IDs a dry run shows. */
const SAMPLE = 20;

/** POST /api/bulk-jobs body. */
export const bulkJobBody = z.strictObject({
  action: z.enum(['pause', 'resume', 'terminate', 'purge', 'rerun']),
  filter: z.string().max(4000),
  dryRun: z.boolean().optional(),
  reason: z.string().max(1000).optional(),
  confirm: z.string().optional(),
});

/**
 * POST /api/bulk-jobs: with dryRun, 200 with the count, the first IDs and how many would be skipped (by status; for
 * purge also those with a live child); else 202 with the new job. Over 100 instances `confirm` must be the count or the action word (400
 * ERR_BULK_JOB_CONFIRMATION_REQUIRED); over MAX_BULK_JOB_INSTANCES it is refused (400 ERR_BULK_JOB_TOO_MANY).
 */
export async function startBulkJobHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const prisma = dbOf(ctx);
  const body = await jsonBody(request, ctx, bulkJobBody);
  const rows = await snapshotMatchingIds(ctx, body.filter);
  if (rows.length > MAX_BULK_JOB_INSTANCES) throw new ApiError('ERR_BULK_JOB_TOO_MANY', `the filter matches more than ${MAX_BULK_JOB_INSTANCES} instances; narrow it`);
  const allowed = body.action === 'rerun' ? TERMINAL_STATUSES : OPERATION_STATUSES[body.action];
  if (body.dryRun) {
    const wouldSkip: Record<string, number> = {};
    for (const row of rows) if (!allowed.includes(row.status)) wouldSkip[row.status] = (wouldSkip[row.status] ?? 0) + 1;
    const dryRun: BulkJobDryRun = { total: rows.length, sample: rows.slice(0, SAMPLE).map((r) => r.instanceId), wouldSkip, allowedStatuses: allowed };
    if (body.action === 'purge') {
      const blocked = await withLiveChildren(prisma, rows.filter((r) => allowed.includes(r.status)).map((r) => r.instanceId));
      dryRun.liveChildren = { count: blocked.length, sample: blocked.slice(0, SAMPLE) };
    }
    return noStoreJson(dryRun);
  }
  if (rows.length > CONFIRM_ABOVE && body.confirm?.trim() !== String(rows.length) && body.confirm?.trim().toLowerCase() !== body.action) {
    throw new ApiError('ERR_BULK_JOB_CONFIRMATION_REQUIRED', `the filter matches ${rows.length} instances (over ${CONFIRM_ABOVE}): confirm with the count (${rows.length}) or the word '${body.action}'`);
  }
  const id = await createBulkJob(prisma, { action: body.action, instanceIds: rows.map((r) => r.instanceId), filter: body.filter, actor: actorOf(callerOf(request)), reason: body.reason });
  return noStoreJson(await readJob(prisma, id), 202);
}

/** GET /api/bulk-jobs: the 20 most recent jobs, newest first. */
export async function listBulkJobsHandler(_request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const rows = await dbOf(ctx).bulkJob.findMany({ orderBy: { createdAt: 'desc' }, take: 20, omit: { instanceIds: true } });
  return noStoreJson({ jobs: rows.map(toView) });
}

/** GET /api/bulk-jobs/{id}: one job's progress and outcomes. */
export async function getBulkJobHandler(_request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  return noStoreJson(await readJob(dbOf(ctx), params.id));
}

/** POST /api/bulk-jobs/{id}/cancel: stops the job before its next instance; 409 when it is no longer running. */
export async function cancelBulkJobHandler(_request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  const prisma = dbOf(ctx);
  const job = await readJob(prisma, params.id);
  if (!(await requestCancel(prisma, params.id))) throw new ApiError('ERR_BULK_JOB_NOT_RUNNING', `bulk job '${params.id}' is ${job.status}; only a running job can be canceled`);
  return noStoreJson(await readJob(prisma, params.id), 202);
}

/** What a dry run of POST /api/bulk-jobs answers. */
export interface BulkJobDryRun {
  total: number;
  /** The first matching IDs, in the list's order. */
  sample: string[];
  /** How many would be skipped, per status the action does not apply to. */
  wouldSkip: Record<string, number>;
  allowedStatuses: readonly string[];
  /** Purge only: instances in a purgeable status with a live child, so their purge would be refused (skipped). */
  liveChildren?: { count: number; sample: string[] };
}

/** A job as the API shows it (without its full ID list). */
export interface BulkJobView {
  id: string;
  action: string;
  filter: string;
  reason: string | null;
  actor: string;
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  skipped: number;
  failed: number;
  cancelRequested: boolean;
  outcomes: BulkJobOutcomes;
  createdAt: string;
  finishedAt: string | null;
}

type JobRow = Omit<Awaited<ReturnType<DbClient['bulkJob']['findFirstOrThrow']>>, 'instanceIds'>;

function toView(row: JobRow): BulkJobView {
  return {
    id: row.id, action: row.action, filter: row.filter, reason: row.reason, actor: row.actorName, status: row.status, total: row.total,
    processed: row.nextIndex, succeeded: row.succeeded, skipped: row.skipped, failed: row.failed, cancelRequested: row.cancelRequested,
    outcomes: JSON.parse(row.outcomes) as BulkJobOutcomes, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function readJob(prisma: DbClient, id: string): Promise<BulkJobView> {
  const row = await prisma.bulkJob.findUnique({ where: { id }, omit: { instanceIds: true } });
  if (!row) throw new ApiError('ERR_BULK_JOB_NOT_FOUND', `no bulk job '${id}'`);
  return toView(row);
}

function dbOf(ctx: ApiContext): DbClient {
  if (!ctx.bulkJobs) throw new ApiError('ERR_INTERNAL', 'this process keeps no bulk jobs');
  return ctx.bulkJobs;
}
