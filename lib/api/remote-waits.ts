// What the dashboard can tell about instances that remote SDK workers run: whether one waits for a worker to
// connect, and which external events it may be waiting for although its runner never named them.
import type { WorkflowMetadata } from '../engine/registry';
import type { RuntimeStatus } from '../engine/runtime-status';
import type { InstanceRecord } from '../engine/store';
import type { WaitingOn } from '../engine/waiting-on';
import type { ExpectedEventWait } from './dto';

/** What this process knows about who runs an instance's workflow. */
export interface WorkerState {
  /** True when this process has the workflow registered (it runs it itself). */
  registered(name: string): boolean;
  /** How many remote SDK workers are connected to this process now. */
  connectedWorkers: number;
}

/** The statuses of an instance that can wait for a worker: RUNNING, and PENDING once its scheduled start is due. */
export const WAITING_FOR_WORKER_STATUSES: readonly RuntimeStatus[] = ['RUNNING', 'PENDING'];

/**
 * True when nothing can move the instance on until a remote worker connects: its status is one of
 * WAITING_FOR_WORKER_STATUSES (PENDING only when due), this process does not run its workflow, and no SDK worker is
 * connected here. The instance list's `waitingKind=worker` filter is the same rule as a store query (instance-list-query.ts).
 */
export function isWaitingForWorker(row: Pick<InstanceRecord, 'name' | 'status' | 'scheduledStartAt'>, workers: WorkerState, now = new Date()): boolean {
  const due = WAITING_FOR_WORKER_STATUSES.includes(row.status) && (row.status !== 'PENDING' || !row.scheduledStartAt || row.scheduledStartAt <= now);
  return due && workers.connectedWorkers === 0 && !workers.registered(row.name);
}

/**
 * The events a RUNNING instance of a workflow this process does not run may be waiting for, beyond the waits
 * its runner reported (remote SDKs report no event wait: one without a timeout leaves no trace, one raced
 * against a timer leaves only the timer):
 * - when it waits on nothing it scheduled (`waitingOn.unnamedEvent`): each event its workflow declares, or one
 *   unnamed wait when it declares none;
 * - when it waits on timers only: each declared event, with the first timer's due time as deadline.
 * Empty for registered workflows (their waits are exact) and when a named wait is already reported.
 */
export function expectedEventWaits(
  row: Pick<InstanceRecord, 'status' | 'lastUpdatedAt'> & { waitingOn?: WaitingOn },
  metadata: WorkflowMetadata | undefined,
  registered: boolean,
): ExpectedEventWait[] {
  const waits = row.waitingOn;
  if (registered || row.status !== 'RUNNING' || !waits || waits.events.length) return [];
  const declared = metadata?.events ?? [];
  if (waits.unnamedEvent) {
    const since = waits.unnamedEvent.since;
    return declared.length ? declared.map((declaration) => ({ name: declaration.name, since, declaration })) : [{ since }];
  }
  if (!declared.length || !waitsOnTimersOnly(waits)) return [];
  const deadline = waits.timers.map((t) => t.fireAt).sort()[0];
  const since = row.lastUpdatedAt.toISOString();
  return declared.map((declaration) => ({ name: declaration.name, since, deadline, declaration }));
}

function waitsOnTimersOnly(waits: WaitingOn): boolean {
  return waits.timers.length > 0 && waits.activities.length === 0 && waits.children.length === 0 && waits.timers.every((t) => t.purpose === 'timer');
}
