// The workflow part of Dapr's runtime API (dapr.proto.runtime.v1.Dapr: *WorkflowBeta1 and their Alpha1 twins)
// and GetMetadata, as a Dapr sidecar serves them next to TaskHubSidecarService.
import { callCallerOf } from '../audit/grpc-audit';
import { hidesPayloads, stateWithoutPayloads } from '../api/payload-visibility';
import type * as grpc from '@grpc/grpc-js';
import { toDaprWorkflowState } from '../api/dapr-state';
import { DAPR_WORKFLOW_COMPONENT } from '../api/dapr-router';
import { ApiError, type ApiOperation } from '../api/errors';
import { requireInstance } from '../api/instances';
import type { EngineHost } from '../server/engine-host';
import { toTimestamp } from './convert';
import { FLOWDECK_APP_ID, FLOWDECK_COMPONENTS, FLOWDECK_RUNTIME_VERSION } from './dapr-metadata';
import { metadataTraceCarrier, unary } from './grpc-calls';
import { callTraceContext } from '../observability/trace-server';
import { parseJsonBytes, requireInstanceId } from './request-values';
import type { SidecarContext } from './sidecar-context';

/** StartWorkflowRequest (Dapr's field names in lowerCamelCase). */
interface StartWorkflowRequest {
  instanceId: string;
  workflowComponent: string;
  workflowName: string;
  options: Record<string, string>;
  input: Uint8Array;
}

/** Get/Terminate/Pause/Resume/PurgeWorkflowRequest. */
interface InstanceWorkflowRequest {
  instanceId: string;
  workflowComponent: string;
}

/** RaiseEventWorkflowRequest. */
interface RaiseEventWorkflowRequest extends InstanceWorkflowRequest {
  eventName: string;
  eventData: Uint8Array;
}

/** The Dapr runtime API's workflow calls (Beta1 and Alpha1 names) and GetMetadata, by method name. */
export function daprRuntimeHandlers(ctx: SidecarContext, connectedWorkers: () => number): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {
    GetMetadata: unary(ctx, 'GetMetadata', async () => grpcMetadata(connectedWorkers())),
  };
  const both = <Req>(call: string, operation: ApiOperation, run: (req: Req, host: EngineHost, grpcCall: grpc.ServerUnaryCall<Req, unknown>) => Promise<object | void>) => {
    for (const method of [`${call}Beta1`, `${call}Alpha1`]) {
      handlers[method] = unary(ctx, method, async (req: Req, grpcCall) => (await run(req, await ctx.engineHost(), grpcCall)) ?? {}, operation);
    }
  };
  both('StartWorkflow', 'start', startWorkflow);
  both('GetWorkflow', 'get', getWorkflow);
  both('TerminateWorkflow', 'terminate', (req: InstanceWorkflowRequest, host) => host.client.terminateWorkflow(instanceOf(req)));
  both('PauseWorkflow', 'pause', (req: InstanceWorkflowRequest, host) => host.client.suspendWorkflow(instanceOf(req)));
  both('ResumeWorkflow', 'resume', (req: InstanceWorkflowRequest, host) => host.client.resumeWorkflow(instanceOf(req)));
  both('PurgeWorkflow', 'purge', async (req: InstanceWorkflowRequest, host) => {
    await host.client.purgeWorkflow(instanceOf(req));
  });
  both('RaiseEventWorkflow', 'raiseEvent', raiseEventWorkflow);
  return handlers;
}

/** The instance ID of a request whose component is Dapr's built-in engine (`dapr`, or empty). */
function instanceOf(req: InstanceWorkflowRequest): string {
  requireComponent(req.workflowComponent);
  return requireInstanceId(req.instanceId);
}

function requireComponent(component: string): void {
  if (component && component !== DAPR_WORKFLOW_COMPONENT) {
    throw new ApiError('ERR_WORKFLOW_COMPONENT_NOT_FOUND', `workflow component '${component}' does not exist; the only component is '${DAPR_WORKFLOW_COMPONENT}'`);
  }
}

async function startWorkflow(req: StartWorkflowRequest, host: EngineHost, call: grpc.ServerUnaryCall<StartWorkflowRequest, unknown>): Promise<{ instanceId: string }> {
  requireComponent(req.workflowComponent);
  if (!req.workflowName) throw new ApiError('ERR_WORKFLOW_NAME_MISSING', 'the request names no workflow');
  const input = parseJsonBytes(req.input, 'workflow input', host.runtime.options.maxPayloadBytes);
  const trace = callTraceContext(call, metadataTraceCarrier(call.metadata));
  return { instanceId: await host.client.scheduleNewWorkflow(req.workflowName, input, req.instanceId || undefined, undefined, trace) };
}

async function getWorkflow(req: InstanceWorkflowRequest, host: EngineHost, call: object): Promise<Record<string, unknown>> {
  const row = await requireInstance(host, instanceOf(req));
  const role = callCallerOf(call)?.role;
  const full = toDaprWorkflowState(row);
  const state = role && hidesPayloads(role, row.name) ? stateWithoutPayloads(full) : full;
  return {
    instanceId: state.instanceID,
    workflowName: state.workflowName,
    createdAt: toTimestamp(row.createdAt),
    lastUpdatedAt: toTimestamp(row.lastUpdatedAt),
    runtimeStatus: state.runtimeStatus,
    properties: state.properties,
  };
}

async function raiseEventWorkflow(req: RaiseEventWorkflowRequest, host: EngineHost): Promise<void> {
  const instanceId = instanceOf(req);
  if (!req.eventName) throw new ApiError('ERR_WORKFLOW_EVENT_NAME_MISSING', 'the event has no name');
  const payload = parseJsonBytes(req.eventData, `payload of event '${req.eventName}'`, host.runtime.options.maxPayloadBytes);
  await host.client.raiseEvent(instanceId, req.eventName, payload);
}

/** GetMetadataResponse: the HTTP body's facts under the protocol's field names. */
function grpcMetadata(connectedWorkers: number): Record<string, unknown> {
  return {
    id: FLOWDECK_APP_ID,
    runtimeVersion: FLOWDECK_RUNTIME_VERSION,
    registeredComponents: FLOWDECK_COMPONENTS,
    actorRuntime: { runtimeStatus: 'DISABLED', hostReady: false },
    workflows: { connectedWorkers },
  };
}
