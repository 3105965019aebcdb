// POST /api/instances/{id}/rerun: a new instance from a prefix of a finished instance's history (lib/engine/rerun.ts),
// and GET: an instance's rerun links. Nothing is written unless the whole rerun is (one store transaction).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isErrorNamed } from '../engine/errors';
import { validateInstanceId } from '../engine/instance-id';
import { serializePayload } from '../engine/payload';
import type { EventActor } from '../engine/history-events';
import type { RerunLinkRecord } from '../engine/recovery-store';
import { defaultRerunId, planRerun, type PayloadOverride } from '../engine/rerun';
import type { ApiContext } from './context';
import { ApiError } from './errors';
import { requireInstance } from './instances';

/** POST /api/instances/{id}/rerun body: the task to rerun from, and optionally new inputs and the new instance's ID. */
export const rerunBody = z.strictObject({
  fromEventId: z.number().int().min(0).max(2 ** 31 - 1),
  /** A new input for the chosen activity or child workflow (JSON; null is a null input). */
  input: z.unknown().optional(),
  /** A new input for the workflow. */
  workflowInput: z.unknown().optional(),
  newInstanceId: z.string().optional(),
  /** The re-created child's ID when `fromEventId` is a child workflow (default `<newInstanceId>-child-<task>`). */
  newChildInstanceId: z.string().optional(),
});

/** A validated rerun request body. */
export type RerunBody = z.output<typeof rerunBody>;

/** What a rerun answers: the new instance's ID, and where it came from. */
export interface RerunResponse {
  instanceId: string;
  sourceInstanceId: string;
  fromEventId: number;
}

/** A rerun link as the API shows it. */
export interface RerunLinkBody {
  instanceId: string;
  sourceInstanceId: string;
  sourceExecutionId: string;
  fromEventId: number;
  createdAt: string;
}

/** GET /api/instances/{id}/rerun: where the instance was rerun from (if it is a rerun) and its reruns, oldest first. */
export interface RerunLinksResponse {
  source?: RerunLinkBody;
  reruns: RerunLinkBody[];
}

/** How many default IDs (`<id>-rerun-<n>`) a rerun tries before giving up on finding a free one. */
const DEFAULT_ID_TRIES = 20;

/**
 * Reruns instance `sourceId` from task `fromEventId`; the source is only read. Throws 404 for an unknown source, 400
 * ERR_RERUN_EVENT_INVALID for an event that cannot start a rerun, 409 ERR_RERUN_WORKFLOW while the source is live or
 * when the new ID is taken, 400/413 for bad IDs and inputs. `actor` (who asked) is named on the rerun's ExecutionStarted.
 */
export async function rerunInstance(ctx: Pick<ApiContext, 'store' | 'maxPayloadBytes'>, sourceId: string, body: RerunBody, actor?: EventActor): Promise<RerunResponse> {
  const source = await requireInstance(ctx, sourceId);
  const history = await ctx.store.getHistory(sourceId);
  const taskInput = override(body, 'input', 'rerun task input', ctx.maxPayloadBytes);
  const workflowInput = override(body, 'workflowInput', 'workflow input', ctx.maxPayloadBytes);
  const childInstanceId = body.newChildInstanceId;
  if (childInstanceId !== undefined) validateInstanceId(childInstanceId);
  const attempt = async (newInstanceId: string) => {
    const plan = mapRerunErrors(() =>
      planRerun({
        source,
        history,
        fromEventId: body.fromEventId,
        newInstanceId,
        newExecutionId: randomUUID(),
        newChildExecutionId: randomUUID,
        now: new Date(),
        taskInput,
        workflowInput,
        childInstanceId,
        actor: actor && { kind: actor.kind, name: actor.name },
      }),
    );
    await ctx.store.createRerunInstance(plan);
    return { instanceId: newInstanceId, sourceInstanceId: sourceId, fromEventId: body.fromEventId };
  };
  if (body.newInstanceId !== undefined) {
    validateInstanceId(body.newInstanceId);
    try {
      return await attempt(body.newInstanceId);
    } catch (error) {
      if (isErrorNamed(error, 'InstanceAlreadyExistsError')) throw new ApiError('ERR_RERUN_WORKFLOW', `an instance with ID '${body.newInstanceId}' already exists; a rerun needs an unused ID`);
      throw error;
    }
  }
  let n = (await ctx.store.getRerunLinks(sourceId)).reruns.length + 1;
  for (let tries = 0; tries < DEFAULT_ID_TRIES; tries++, n++) {
    const id = defaultRerunId(sourceId, n);
    if (await ctx.store.getInstance(id)) continue;
    try {
      validateInstanceId(id);
      return await attempt(id);
    } catch (error) {
      if (!isErrorNamed(error, 'InstanceAlreadyExistsError')) throw error;
    }
  }
  throw new ApiError('ERR_RERUN_WORKFLOW', `no free rerun ID after '${defaultRerunId(sourceId, n - 1)}'; give newInstanceId`);
}

/** GET /api/instances/{id}/rerun; throws InstanceNotFoundError for an unknown instance that no rerun names as its source. */
export async function getRerunLinks(ctx: Pick<ApiContext, 'store'>, instanceId: string): Promise<RerunLinksResponse> {
  const links = await ctx.store.getRerunLinks(instanceId);
  if (!links.source && links.reruns.length === 0) await requireInstance(ctx, instanceId);
  return { ...(links.source ? { source: linkBody(links.source) } : {}), reruns: links.reruns.map(linkBody) };
}

function linkBody(link: RerunLinkRecord): RerunLinkBody {
  return { ...link, createdAt: link.createdAt.toISOString() };
}

/** The override of `key` when the body has it (JSON null included), serialized within the payload limit. */
function override(body: RerunBody, key: 'input' | 'workflowInput', what: string, limit: number): PayloadOverride | undefined {
  if (!Object.hasOwn(body, key)) return undefined;
  return { value: serializePayload(body[key], what, limit) };
}

/** Runs the planner, turning its refusals into the API's errors. */
function mapRerunErrors<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (isErrorNamed(error, 'RerunEventError')) throw new ApiError('ERR_RERUN_EVENT_INVALID', error.message);
    if (isErrorNamed(error, 'InvalidInstanceStatusError')) throw new ApiError('ERR_RERUN_WORKFLOW', `${error.message}; terminate it first to rerun it`);
    throw error;
  }
}
