// The worker side of TaskHubSidecarService: GetWorkItems streams and the completions that answer them.
// Placeholder until remote workers land (issue 11, section 2): every call answers UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js';
import { grpcStatus } from './grpc-calls';
import type { SidecarContext } from './sidecar-context';

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

const NOT_YET = 'Flowdeck does not run workflows of remote workers yet (see docs/SIDECAR.md)';

/** Creates the work-item side for a server (the engine host and log are in `ctx`). */
export function createWorkItemService(ctx: SidecarContext): WorkItemService {
  void ctx;
  const refuse = (method: WorkItemMethod) => grpcStatus(grpc.status.UNIMPLEMENTED, `${NOT_YET}: ${method} is not implemented`);
  const GetWorkItems: grpc.handleServerStreamingCall<unknown, unknown> = (call) => call.emit('error', refuse('GetWorkItems'));
  const completion = (method: WorkItemMethod): grpc.handleUnaryCall<unknown, unknown> => (_call, callback) => callback(refuse(method));
  return {
    handlers: { GetWorkItems, CompleteOrchestratorTask: completion('CompleteOrchestratorTask'), CompleteActivityTask: completion('CompleteActivityTask') },
    connectedWorkers: () => 0,
    close: async () => undefined,
  };
}
