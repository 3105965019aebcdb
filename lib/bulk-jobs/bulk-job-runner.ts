// A bulk job's worker: applies its action to the snapshot of IDs in order, a batch at a time, keeping its position in
// the BulkJob row. An instance is claimed (nextIndex moved past it, inFlight set) before the action is applied, so a
// crash or restart never applies an action twice: the claimed one is reported failed as interrupted, the rest resume.
import crypto from 'node:crypto';
import type { DbClient } from '../db/client';
import { applyAction } from '../api/actions';
import type { ApiContext } from '../api/context';
import { mapError } from '../api/errors';
import { rerunInstance } from '../api/rerun';
import type { EventActor } from '../engine/history-events';

/** The actions a bulk job can run. */
export type BulkJobAction = 'pause' | 'resume' | 'terminate' | 'purge' | 'rerun';

/** How many IDs of each outcome a job keeps (its counts are complete). */
export const KEPT_OUTCOMES = 20;

/** The first outcomes of a job, per kind. */
export interface BulkJobOutcomes {
  succeeded: string[];
  skipped: { instanceId: string; reason: string }[];
  failed: { instanceId: string; message: string }[];
}

/** What starting a job needs: the action, the snapshot of IDs, the filter they came from, who and why. */
export interface NewBulkJob {
  action: BulkJobAction;
  instanceIds: string[];
  filter: string;
  actor: EventActor;
  reason?: string;
}

/** What a job's worker acts through. */
export type BulkJobDeps = { prisma: DbClient; ctx: Pick<ApiContext, 'client' | 'store' | 'maxPayloadBytes'> };

/** Errors that mean the instance is gone or not in a state for the action (skipped, not failed). */
const SKIP_ERRORS = new Set(['InstanceNotFoundError', 'InvalidInstanceStatusError']);
/** API codes with the same meaning (a rerun of a live source, or of one without a free rerun ID). */
const SKIP_CODES = new Set(['ERR_INSTANCE_ID_NOT_FOUND', 'ERR_RERUN_WORKFLOW']);

/** Stores a new running job over `job.instanceIds` (already the snapshot) and returns its ID. */
export async function createBulkJob(prisma: DbClient, job: NewBulkJob, now = new Date()): Promise<string> {
  const id = crypto.randomUUID();
  const outcomes: BulkJobOutcomes = { succeeded: [], skipped: [], failed: [] };
  await prisma.bulkJob.create({
    data: {
      id, action: job.action, filter: job.filter, reason: job.reason ?? null, actorKind: job.actor.kind, actorName: job.actor.name ?? '',
      status: 'running', instanceIds: JSON.stringify(job.instanceIds), total: job.instanceIds.length, outcomes: JSON.stringify(outcomes),
      createdAt: now, updatedAt: now,
    },
  });
  return id;
}

/** Asks a running job to stop before its next instance; false when it is not running. */
export async function requestCancel(prisma: DbClient, id: string): Promise<boolean> {
  const { count } = await prisma.bulkJob.updateMany({ where: { id, status: 'running' }, data: { cancelRequested: true, updatedAt: new Date() } });
  return count === 1;
}

/**
 * Works on job `id` for up to `batch` instances; returns true while it has more to do. A cancel request ends it as
 * 'canceled', the last instance as 'completed'. An instance claimed by an earlier run that never recorded its outcome
 * (a crash mid-apply) is counted failed as interrupted, never applied again.
 */
export async function runBulkJobBatch(deps: BulkJobDeps, id: string, batch = 20): Promise<boolean> {
  const job = await deps.prisma.bulkJob.findUnique({ where: { id } });
  if (!job || job.status !== 'running') return false;
  const ids = JSON.parse(job.instanceIds) as string[];
  const outcomes = JSON.parse(job.outcomes) as BulkJobOutcomes;
  const counts = { succeeded: job.succeeded, skipped: job.skipped, failed: job.failed };
  const actor: EventActor = { kind: job.actorKind as EventActor['kind'], name: job.actorName };
  if (job.inFlight) record(outcomes, counts, job.inFlight, { kind: 'failed', text: 'interrupted by a server restart while the action was applied; not retried, check the instance' });
  let next = job.nextIndex;
  for (let done = 0; done < batch && next < ids.length; done++) {
    const fresh = await deps.prisma.bulkJob.findUnique({ where: { id }, select: { cancelRequested: true } });
    if (fresh?.cancelRequested) break;
    const instanceId = ids[next];
    // The claim succeeds only from the position read: another process working the same job makes it fail.
    const claimed = await deps.prisma.bulkJob.updateMany({
      where: { id, status: 'running', nextIndex: next },
      data: { nextIndex: next + 1, inFlight: instanceId, ...counts, outcomes: JSON.stringify(outcomes), updatedAt: new Date() },
    });
    if (claimed.count !== 1) return true;
    next += 1;
    record(outcomes, counts, instanceId, await applyOne(deps, job.action as BulkJobAction, instanceId, actor, job.reason ?? undefined));
  }
  const cancel = (await deps.prisma.bulkJob.findUnique({ where: { id }, select: { cancelRequested: true } }))?.cancelRequested;
  const finished = cancel || next >= ids.length;
  await save(deps.prisma, id, {
    nextIndex: next, inFlight: null, ...counts, outcomes: JSON.stringify(outcomes),
    ...(finished ? { status: cancel && next < ids.length ? 'canceled' : 'completed', finishedAt: new Date() } : {}),
  });
  return !finished;
}

/** IDs of the jobs left running (by this or an earlier process): they resume where they stopped. */
export async function runningBulkJobIds(prisma: DbClient): Promise<string[]> {
  return (await prisma.bulkJob.findMany({ where: { status: 'running' }, select: { id: true }, orderBy: { createdAt: 'asc' } })).map((j) => j.id);
}

type Outcome = { kind: 'succeeded' } | { kind: 'skipped' | 'failed'; text: string };

async function applyOne(deps: BulkJobDeps, action: BulkJobAction, instanceId: string, actor: EventActor, reason: string | undefined): Promise<Outcome> {
  try {
    if (action === 'rerun') await rerunInstance(deps.ctx, instanceId, { fromEventId: 0 }, actor);
    else if (action === 'purge') await applyAction(deps.ctx, instanceId, { kind: 'purge' }, actor);
    else await applyAction(deps.ctx, instanceId, { kind: action, reason }, actor);
    return { kind: 'succeeded' };
  } catch (error) {
    const { body } = mapError(error, action === 'rerun' ? undefined : action);
    const skip = (error instanceof Error && SKIP_ERRORS.has(error.name)) || SKIP_CODES.has(body.errorCode);
    return { kind: skip ? 'skipped' : 'failed', text: body.message };
  }
}

function record(outcomes: BulkJobOutcomes, counts: Record<'succeeded' | 'skipped' | 'failed', number>, instanceId: string, outcome: Outcome): void {
  counts[outcome.kind] += 1;
  if (outcome.kind === 'succeeded') {
    if (outcomes.succeeded.length < KEPT_OUTCOMES) outcomes.succeeded.push(instanceId);
  } else if (outcome.kind === 'skipped') {
    if (outcomes.skipped.length < KEPT_OUTCOMES) outcomes.skipped.push({ instanceId, reason: outcome.text });
  } else if (outcomes.failed.length < KEPT_OUTCOMES) outcomes.failed.push({ instanceId, message: outcome.text });
}

async function save(prisma: DbClient, id: string, data: Record<string, unknown>): Promise<void> {
  await prisma.bulkJob.update({ where: { id }, data: { ...data, updatedAt: new Date() } });
}
