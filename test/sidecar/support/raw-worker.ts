// A worker that speaks the protocol by hand (@grpc/grpc-js, the protocol the packages ship): it opens a
// GetWorkItems stream and keeps what arrives; it answers only when the test does, through RawSidecarClient.
import * as grpc from '@grpc/grpc-js';
import type { PbActivityRequest, PbOrchestratorRequest } from '@/lib/sidecar/proto-types';
import { loadSidecarProtocol } from '@/lib/sidecar/protocol';
import type { RawResult } from './raw-client';
import { waitUntil } from './remote-checks';

/** A work item as the stream delivers it. */
export interface RawWorkItem {
  orchestratorRequest?: PbOrchestratorRequest | null;
  activityRequest?: PbActivityRequest | null;
}

/** An open GetWorkItems stream and the work items it received. */
export interface RawWorker {
  /** The orchestrator requests received so far. */
  steps(): PbOrchestratorRequest[];
  /** Resolves once `count` orchestrator requests have arrived. */
  waitForSteps(count: number, timeoutMs?: number): Promise<PbOrchestratorRequest[]>;
  /** The next orchestrator request for `instanceId` not taken yet (waits for it). */
  nextStep(instanceId: string, timeoutMs?: number): Promise<PbOrchestratorRequest>;
  /** The next activity request for `instanceId` not taken yet (waits for it). */
  nextActivity(instanceId: string, timeoutMs?: number): Promise<PbActivityRequest>;
  /** Calls a unary TaskHubSidecarService method over this worker's own connection (as an SDK sends its answers). */
  answer(method: 'CompleteOrchestratorTask' | 'CompleteActivityTask', request: object): Promise<RawResult>;
  /** Ends the stream (as a worker that goes away). */
  close(): void;
}

/** Opens a GetWorkItems stream on `address` that never answers anything by itself. */
export function openRawWorker(address: string): RawWorker {
  const Client = grpc.makeClientConstructor(loadSidecarProtocol().taskHub, 'TaskHubSidecarService');
  // A connection of its own, as a worker in another process has (grpc-js shares connections between clients).
  const client = new Client(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as grpc.Client & Record<string, grpc.MethodDefinition<object, object> & ((...args: unknown[]) => unknown)>;
  const call = client.GetWorkItems({}) as grpc.ClientReadableStream<RawWorkItem>;
  const items: RawWorkItem[] = [];
  const taken = new Set<RawWorkItem>();
  call.on('data', (item: RawWorkItem) => items.push(item));
  call.on('error', () => undefined); // cancelled by close(), or the server went away
  const steps = () => items.flatMap((i) => (i.orchestratorRequest ? [i.orchestratorRequest] : []));
  async function take<T>(what: string, pick: (item: RawWorkItem) => T | null | undefined, timeoutMs: number): Promise<T> {
    let found: RawWorkItem | undefined;
    await waitUntil(what, () => (found = items.find((i) => !taken.has(i) && pick(i))) !== undefined, timeoutMs);
    taken.add(found!);
    return pick(found!)!;
  }
  return {
    steps,
    async waitForSteps(count, timeoutMs = 15_000) {
      await waitUntil(`${count} orchestrator requests arrived on the raw stream`, () => steps().length >= count, timeoutMs);
      return steps();
    },
    nextStep: (instanceId, timeoutMs = 15_000) =>
      take(`a step of ${instanceId} arrived`, (i) => (i.orchestratorRequest?.instanceId === instanceId ? i.orchestratorRequest : undefined), timeoutMs),
    nextActivity: (instanceId, timeoutMs = 15_000) =>
      take(`an activity of ${instanceId} arrived`, (i) => (i.activityRequest?.orchestrationInstance.instanceId === instanceId ? i.activityRequest : undefined), timeoutMs),
    answer: (method, request) =>
      new Promise((resolve) => {
        client[method].call(client, request, (error: grpc.ServiceError | null, response: Record<string, unknown>) =>
          resolve(error ? { ok: false, code: error.code, details: error.details } : { ok: true, response }),
        );
      }),
    close() {
      call.cancel();
      client.close();
    },
  };
}
