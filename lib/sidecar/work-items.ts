// The worker side of TaskHubSidecarService: GetWorkItems streams carry workflow steps and activity attempts to
// connected SDK workers, and CompleteOrchestratorTask / CompleteActivityTask bring their answers back.
import * as grpc from '@grpc/grpc-js';
import { toStepOutcome } from './actions-protobuf';
import { grpcStatus, grpcStatusFor } from './grpc-calls';
import type { PbActivityResponse, PbOrchestratorResponse } from './proto-types';
import { RemoteActivityRunner, RemoteWorkflowRunner, type SeenNames } from './remote-runners';
import type { SidecarContext } from './sidecar-context';
import { WorkerStreams, type WorkerStreamOptions } from './worker-streams';
import { declarationsOf } from '../workflows/engine-declarations';

/** The TaskHubSidecarService methods this module serves. */
export const WORK_ITEM_METHODS = ['GetWorkItems', 'CompleteOrchestratorTask', 'CompleteActivityTask'] as const;

/** One of the methods this module serves. */
export type WorkItemMethod = (typeof WORK_ITEM_METHODS)[number];

/** The work-item side as the gRPC server mounts it. */
export interface WorkItemService {
  /** The handlers, by method name (GetWorkItems is a server stream, the completions are unary). */
  handlers: Record<WorkItemMethod, grpc.UntypedHandleCall>;
  /** How many GetWorkItems streams are open now. */
  connectedWorkers(): number;
  /** Ends the open streams and releases what they hold; called when the server stops. */
  close(): Promise<void>;
}

/** Defaults of the stream flow control (FLOWDECK_GRPC_MAX_OUTSTANDING overrides the cap). */
export const DEFAULT_STREAM_OPTIONS: Omit<WorkerStreamOptions, 'stepAnswerTimeoutMs'> = { maxOutstandingPerStream: 32, lateCompletionGraceMs: 2_000 };

const EMPTY = {};

/** How long a start of an unknown name waits for a remote worker to connect before it is refused. */
const WORKER_CONNECT_WAIT_MS = 3_000;

/**
 * Creates the work-item side for a server: the streams, and the remote runners, added to the process's
 * runtime so its workers claim every name it has not registered and send it to the streams.
 */
export function createWorkItemService(ctx: SidecarContext): WorkItemService {
  const seen: SeenNames = new Set();
  let streams: WorkerStreams | undefined;
  const ready = ctx.engineHost().then((host) => {
    const { runtime } = host;
    streams = new WorkerStreams({ ...DEFAULT_STREAM_OPTIONS, maxOutstandingPerStream: maxOutstanding(), stepAnswerTimeoutMs: runtime.options.leaseMs });
    const wake = () => {
      runtime.notifier.workflowWork();
      runtime.notifier.activityWork();
    };
    streams.onCapacity(wake);
    runtime.addRunners({
      workflows: new RemoteWorkflowRunner(runtime.registry, streams, runtime.options.maxPayloadBytes, seen, runtime.options.executorCacheSize),
      activities: new RemoteActivityRunner(runtime.registry, streams, runtime.options.maxPayloadBytes),
    });
    host.remoteWorkers = { connected: () => streams!.connected(), outstanding: () => streams!.outstanding(), list: () => streams!.list() };
    // A name no one here runs is accepted for remote workers: while one is connected (an SDK that lacks it fails
    // the instance, as Dapr does), or when remote workers ran it or an app declared it.
    // An app that starts its worker and at once schedules a workflow gets its stream open a moment later: wait for it.
    runtime.acceptUnregisteredWorkflows(async (name) => {
      if (seen.has(name) || (await declarationsOf(host).get(name))) return 'accepted';
      if (await streams!.waitForConnection(WORKER_CONNECT_WAIT_MS)) return 'accepted';
      return 'no remote worker has run or declared it, and none is connected now (start your Dapr SDK app first)';
    });
    return { streams, maxPayloadBytes: runtime.options.maxPayloadBytes };
  });
  ready.catch((error: unknown) => ctx.log.message('error', 'the gRPC work-item side could not start', error));

  const GetWorkItems: grpc.handleServerStreamingCall<unknown, unknown> = (call) => {
    ready.then(
      (r) => (ctx.closing.aborted ? call.end() : r.streams.attach(call as grpc.ServerWritableStream<unknown, unknown>)),
      (error: unknown) => call.emit('error', grpcStatusFor(error, undefined, ctx.log, 'GetWorkItems')),
    );
  };
  const CompleteOrchestratorTask: grpc.handleUnaryCall<PbOrchestratorResponse, object> = (call, callback) => {
    ready
      .then((r) => {
        // Malformed actions are refused before anything is handed to the waiting step.
        toStepOutcome(call.request, r.maxPayloadBytes);
        if (!r.streams.completeStep(call.request, call.getPeer())) throw staleCompletion(`no step of instance '${call.request.instanceId}' is waiting for an answer from this worker`);
      })
      .then(
        () => callback(null, EMPTY),
        (error: unknown) => callback(grpcStatusFor(error, undefined, ctx.log, 'CompleteOrchestratorTask')),
      );
  };
  const CompleteActivityTask: grpc.handleUnaryCall<PbActivityResponse, object> = (call, callback) => {
    ready
      .then((r) => {
        const { instanceId, taskId } = call.request;
        if (!r.streams.completeActivity(call.request)) throw staleCompletion(`no attempt of activity task ${taskId} of instance '${instanceId}' is waiting for an answer here`);
      })
      .then(
        () => callback(null, EMPTY),
        (error: unknown) => callback(grpcStatusFor(error, undefined, ctx.log, 'CompleteActivityTask')),
      );
  };
  return {
    handlers: { GetWorkItems, CompleteOrchestratorTask, CompleteActivityTask } as Record<WorkItemMethod, grpc.UntypedHandleCall>,
    connectedWorkers: () => streams?.connected() ?? 0,
    close: async () => streams?.close(),
  };
}

function staleCompletion(message: string) {
  return grpcStatus(grpc.status.FAILED_PRECONDITION, `${message} (it was already answered, or it timed out and was redelivered)`);
}

function maxOutstanding(): number {
  const raw = process.env.FLOWDECK_GRPC_MAX_OUTSTANDING?.trim();
  if (!raw) return DEFAULT_STREAM_OPTIONS.maxOutstandingPerStream;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 100) throw new RangeError(`FLOWDECK_GRPC_MAX_OUTSTANDING must be a whole number from 1 to 100 (got "${raw}")`);
  return n;
}
