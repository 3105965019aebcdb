// The client side of durabletask's TaskHubSidecarService (what DaprWorkflowClient calls), on the engine's
// WorkflowClient and store. The worker side (GetWorkItems, Complete*Task) lives in work-items.ts.
import { callCallerOf } from '../audit/grpc-audit';
import { hidesPayloads } from '../api/payload-visibility';
import type * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../api/errors';
import { rerunInstance, type RerunBody } from '../api/rerun';
import { OPERATION_STATUSES, isTerminalStatus, type RuntimeStatus } from '../engine/runtime-status';
import { serializePayload } from '../engine/payload';
import type { InstanceRecord } from '../engine/store';
import type { EngineHost } from '../server/engine-host';
import { fromTimestamp, toOrchestrationState } from './convert';
import { metadataTraceCarrier, unary } from './grpc-calls';
import { callTraceContext } from '../observability/trace-server';
import { purgeByFilter, queryInstances } from './instance-queries';
import { callBounds, waitForInstance, type WaitBounds } from './instance-waits';
import type {
  PbCreateInstanceRequest,
  PbGetInstanceRequest,
  PbGetInstanceResponse,
  PbInstanceQuery,
  PbPurgeInstancesRequest,
  PbRaiseEventRequest,
  PbReasonRequest,
  PbTerminateRequest,
} from './proto-types';
import { parseJsonText, requireInstanceId } from './request-values';
import type { PbRerunWorkflowFromEventRequest } from './rerun-protocol';
import type { SidecarContext } from './sidecar-context';
import { callActorOf } from '../audit/grpc-audit';

/**
 * Longest a terminate, suspend or resume waits for the engine to apply it before answering (durabletask's
 * sidecar answers once applied; if it takes longer, the call still succeeds: the request is durably queued).
 */
export const SETTLE_WAIT_MS = 5000;

/** The client-facing handlers of TaskHubSidecarService, by method name. */
export function taskHubClientHandlers(ctx: SidecarContext): grpc.UntypedServiceImplementation {
  const host = ctx.engineHost;
  const limit = async () => (await host()).runtime.options.maxPayloadBytes;
  return {
    Hello: unary(ctx, 'Hello', async () => ({})),
    StartInstance: unary(ctx, 'StartInstance', async (req: PbCreateInstanceRequest, call) => startInstance(await host(), req, call), 'start'),
    GetInstance: unary(ctx, 'GetInstance', async (req: PbGetInstanceRequest, call) => instanceResponse(await (await host()).store.getInstance(requireInstanceId(req.instanceId)), req, call), 'get'),
    WaitForInstanceStart: unary(ctx, 'WaitForInstanceStart', async (req: PbGetInstanceRequest, call) =>
      instanceResponse(await waitForInstance(await host(), requireInstanceId(req.instanceId), (row) => row.status !== 'PENDING', callBounds(call, ctx.closing)), req, call), 'get'),
    WaitForInstanceCompletion: unary(ctx, 'WaitForInstanceCompletion', async (req: PbGetInstanceRequest, call) =>
      instanceResponse(await waitForInstance(await host(), requireInstanceId(req.instanceId), (row) => isTerminalStatus(row.status), callBounds(call, ctx.closing)), req, call), 'get'),
    RaiseEvent: unary(ctx, 'RaiseEvent', async (req: PbRaiseEventRequest, call) => {
      if (!req.name) throw new ApiError('ERR_WORKFLOW_EVENT_NAME_MISSING', 'the event has no name');
      const payload = parseJsonText(req.input?.value, `payload of event '${req.name}'`, await limit());
      await (await host()).client.raiseEvent(requireInstanceId(req.instanceId), req.name, payload, callActorOf(call));
      return {};
    }, 'raiseEvent'),
    TerminateInstance: unary(ctx, 'TerminateInstance', async (req: PbTerminateRequest, call) => {
      const h = await host();
      const id = requireInstanceId(req.instanceId);
      const output = parseJsonText(req.output?.value, 'termination output', await limit());
      await h.client.terminateWorkflow(id, output, req.recursive, { actor: callActorOf(call) });
      await settle(h, id, (s) => isTerminalStatus(s), callBounds(call, ctx.closing));
      return {};
    }, 'terminate'),
    SuspendInstance: unary(ctx, 'SuspendInstance', async (req: PbReasonRequest, call) => {
      const h = await host();
      const id = requireInstanceId(req.instanceId);
      await h.client.suspendWorkflow(id, req.reason?.value || undefined, callActorOf(call));
      await settle(h, id, (s) => s === 'SUSPENDED' || isTerminalStatus(s), callBounds(call, ctx.closing));
      return {};
    }, 'pause'),
    ResumeInstance: unary(ctx, 'ResumeInstance', async (req: PbReasonRequest, call) => {
      const h = await host();
      const id = requireInstanceId(req.instanceId);
      await h.client.resumeWorkflow(id, req.reason?.value || undefined, callActorOf(call));
      await settle(h, id, (s) => s !== 'SUSPENDED', callBounds(call, ctx.closing));
      return {};
    }, 'resume'),
    QueryInstances: unary(ctx, 'QueryInstances', async (req: { query: PbInstanceQuery | null }, call) => queryInstances(await host(), req.query, callCallerOf(call)?.role)),
    RerunWorkflowFromEvent: unary(ctx, 'RerunWorkflowFromEvent', async (req: PbRerunWorkflowFromEventRequest) => rerunFromEvent(await host(), req)),
    PurgeInstances: unary(ctx, 'PurgeInstances', async (req: PbPurgeInstancesRequest) => {
      const h = await host();
      if (req.request === 'purgeInstanceFilter' && req.purgeInstanceFilter) return { deletedInstanceCount: await purgeByFilter(h, req.purgeInstanceFilter) };
      return { deletedInstanceCount: await h.client.purgeWorkflow(requireInstanceId(req.instanceId)) };
    }, 'purge'),
  };
}

/** StartInstance: the engine client's start, with the input already JSON text and an optional start time. */
async function startInstance(host: EngineHost, req: PbCreateInstanceRequest, call: grpc.ServerUnaryCall<PbCreateInstanceRequest, unknown>): Promise<{ instanceId: string }> {
  if (!req.name) throw new ApiError('ERR_WORKFLOW_NAME_MISSING', 'the request names no workflow');
  const input = parseJsonText(req.input?.value, 'workflow input', host.runtime.options.maxPayloadBytes);
  const startAt = fromTimestamp(req.scheduledStartTimestamp, 'scheduledStartTimestamp');
  const trace = callTraceContext(call, metadataTraceCarrier(call.metadata));
  return { instanceId: await host.client.scheduleNewWorkflow(req.name, input, req.instanceId || undefined, startAt, trace, callActorOf(call)) };
}

/**
 * RerunWorkflowFromEvent as Dapr answers it: a new instance (random ID unless newInstanceID is given) from the
 * source's history up to the event's task (lib/engine/rerun.ts); `input` replaces the task's input only with
 * overwriteInput (an unset input then means none: JSON null).
 */
async function rerunFromEvent(host: EngineHost, req: PbRerunWorkflowFromEventRequest): Promise<{ newInstanceID: string }> {
  const maxPayloadBytes = host.runtime.options.maxPayloadBytes;
  const body: RerunBody = { fromEventId: req.eventID, newInstanceId: req.newInstanceID || randomUUID() };
  if (req.overwriteInput) body.input = parseJsonText(req.input?.value, 'rerun task input', maxPayloadBytes) ?? null;
  if (req.newChildWorkflowInstanceID) body.newChildInstanceId = req.newChildWorkflowInstanceID;
  const { instanceId } = await rerunInstance({ store: host.store, maxPayloadBytes }, requireInstanceId(req.sourceInstanceID), body);
  return { newInstanceID: instanceId };
}

/** GetInstanceResponse for a row (exists=false when there is none); no payloads where viewers may not see them. */
function instanceResponse(row: InstanceRecord | undefined, req: PbGetInstanceRequest, call: object): PbGetInstanceResponse {
  if (!row) return { exists: false };
  const role = callCallerOf(call)?.role;
  const payloads = req.getInputsAndOutputs && !(role && hidesPayloads(role, row.name));
  return { exists: true, orchestrationState: toOrchestrationState(row, payloads) };
}

/** Waits (at most SETTLE_WAIT_MS, within the call's bounds) until the instance shows the operation's effect. */
async function settle(host: EngineHost, instanceId: string, applied: (status: RuntimeStatus) => boolean, bounds: WaitBounds): Promise<void> {
  const deadline = Math.min(bounds.deadline, Date.now() + SETTLE_WAIT_MS);
  await waitForInstance(host, instanceId, (row) => applied(row.status), { ...bounds, deadline }).catch(() => undefined);
}
