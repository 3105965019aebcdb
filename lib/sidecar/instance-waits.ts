// Waiting in a gRPC call until an instance reaches a state: woken by the engine's in-process notices, polling
// the store for changes made by other processes, ended by the client's deadline, its cancel or server stop.
import * as grpc from '@grpc/grpc-js';
import type { InstanceRecord } from '../engine/store';
import type { EngineHost } from '../server/engine-host';
import { grpcStatus } from './grpc-calls';

/** Longest pause between two reads of the instance (changes made by other processes show within it). */
const MAX_POLL_MS = 500;

/** When a wait must end early: the call's deadline (ms since the epoch, Infinity for none) and an abort signal. */
export interface WaitBounds {
  deadline: number;
  signal: AbortSignal;
}

/** The bounds of a call: its deadline, and a signal aborted when the client cancels or `closing` aborts. */
export function callBounds(call: Pick<grpc.ServerUnaryCall<unknown, unknown>, 'getDeadline' | 'once'>, closing: AbortSignal): WaitBounds {
  const cancelled = new AbortController();
  call.once('cancelled', () => cancelled.abort('cancelled'));
  const deadline = call.getDeadline();
  return { deadline: deadline instanceof Date ? deadline.getTime() : deadline, signal: AbortSignal.any([closing, cancelled.signal]) };
}

/**
 * Resolves with the instance once `done(row)` holds, or undefined when there is no such instance. Rejects with
 * DEADLINE_EXCEEDED at the deadline, CANCELLED when the client went away, UNAVAILABLE when the server stops.
 */
export async function waitForInstance(host: EngineHost, instanceId: string, done: (row: InstanceRecord) => boolean, bounds: WaitBounds): Promise<InstanceRecord | undefined> {
  let wake: (() => void) | undefined;
  const unsubscribe = host.runtime.notifier.onInstance(instanceId, () => wake?.());
  try {
    for (let delay = 10; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
      throwIfEnded(bounds, instanceId);
      const row = await host.store.getInstance(instanceId);
      if (!row || done(row)) return row;
      const remaining = bounds.deadline - Date.now();
      if (remaining <= 0) throwIfEnded(bounds, instanceId);
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          bounds.signal.removeEventListener('abort', finish);
          resolve();
        };
        const timer = setTimeout(finish, Math.min(delay, remaining));
        wake = finish;
        bounds.signal.addEventListener('abort', finish, { once: true });
      });
    }
  } finally {
    unsubscribe();
  }
}

function throwIfEnded(bounds: WaitBounds, instanceId: string): void {
  if (bounds.signal.aborted) {
    throw bounds.signal.reason === 'closing'
      ? grpcStatus(grpc.status.UNAVAILABLE, 'the Flowdeck server is shutting down; call again after it restarts')
      : grpcStatus(grpc.status.CANCELLED, 'the call was cancelled');
  }
  if (Date.now() >= bounds.deadline) throw grpcStatus(grpc.status.DEADLINE_EXCEEDED, `deadline exceeded while waiting for instance '${instanceId}'`);
}
