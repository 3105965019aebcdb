// Builders and helpers shared by the store contract's parts.
import type { HistoryEvent } from '@/lib/engine/history-events';
import { isTerminalStatus, type RuntimeStatus } from '@/lib/engine/runtime-status';
import type { InboxMessage, InstanceUpdate, NewActivityTask, NewInboxMessage, NewInstance, WorkflowStepCommit, WorkflowStore, WorkflowWorkItem } from '@/lib/engine/store';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { eventRaised, executionStarted } from '@/lib/engine/history-builders';

/** The tests' clock: every time is an offset from this instant. */
export const T0 = new Date('2026-01-01T00:00:00.000Z');
/** T0 plus `seconds`. */
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
/** The lease the tests take (ms). */
export const LEASE = 10_000;

/** An EventRaised event. */
export const raised = (name: string, input?: unknown, seconds = 0): HistoryEvent =>
  eventRaised(at(seconds), name, input === undefined ? undefined : JSON.stringify(input));

/** A message to an instance's inbox. */
export const message = (instanceId: string, event: HistoryEvent, visibleAt = T0, executionId?: string): NewInboxMessage => ({
  instanceId,
  executionId,
  event,
  visibleAt,
});

/** An instance to create, with its ExecutionStarted message visible at its creation. */
export const newInstance = (instanceId: string, options: Partial<NewInstance> = {}): NewInstance => {
  const createdAt = options.createdAt ?? T0;
  const executionId = options.executionId ?? `${instanceId}-e1`;
  return {
    instanceId,
    name: 'wf',
    executionId,
    input: '"in"',
    createdAt,
    startMessage: message(
      instanceId,
      executionStarted(createdAt, { name: options.name ?? 'wf', instanceId, executionId }),
      createdAt,
    ),
    ...options,
  };
};

/** An activity task of the instance's first execution. */
export const task = (instanceId: string, taskId: number, options: Partial<NewActivityTask> = {}): NewActivityTask => ({
  instanceId,
  executionId: `${instanceId}-e1`,
  taskId,
  name: 'act',
  input: `{"n":${taskId}}`,
  attempt: 1,
  visibleAt: T0,
  ...options,
});

/** A step that consumes the item's messages, appends their events and applies `update`. */
export const stepOf = (item: WorkflowWorkItem, patch: Partial<WorkflowStepCommit> = {}, update: Partial<InstanceUpdate> = {}): WorkflowStepCommit => ({
  instanceId: item.instance.instanceId,
  expectedVersion: item.instance.version,
  consumedMessageIds: item.messages.map((m) => m.id),
  resetHistory: false,
  newEvents: item.messages.map((m) => m.event),
  update: { status: 'RUNNING', waitingOn: nothingWaited(), waitingForEventSince: null, lastUpdatedAt: T0, ...update },
  discardPendingWork: false,
  activityTasks: [],
  messages: [],
  children: [],
  ...patch,
});

/** The update of a step that ends the instance in `status`. */
export const finalUpdate = (status: RuntimeStatus, seconds = 1): Partial<InstanceUpdate> => ({ status, completedAt: at(seconds), lastUpdatedAt: at(seconds) });

/** The instance IDs of records. */
export const ids = (items: { instanceId: string }[]) => items.map((i) => i.instanceId);
/** Each message's event name (EventRaised) or kind. */
export const eventNames = (messages: InboxMessage[]) => messages.map((m) => (m.event.kind === 'EventRaised' ? m.event.name : m.event.kind));

/** Claims every ready instance as `worker` (at `now`) and returns the items by instance ID. */
export async function claimAll(store: WorkflowStore, now = T0, worker = 'w1'): Promise<Map<string, WorkflowWorkItem>> {
  const items = await store.claimWorkflowWorkItems(worker, 1000, LEASE, now);
  return new Map(items.map((item) => [item.instance.instanceId, item]));
}

/** Creates the instances and runs one step of each that ends in the given status. */
export async function createWithStatus(
  store: WorkflowStore,
  statuses: Record<string, RuntimeStatus>,
  options: (id: string) => Partial<NewInstance> = () => ({}),
): Promise<void> {
  for (const id of Object.keys(statuses)) await store.createInstance(newInstance(id, options(id)));
  const items = await claimAll(store, at(3600));
  for (const [id, status] of Object.entries(statuses)) {
    const terminal = isTerminalStatus(status);
    await store.commitWorkflowStep('w1', stepOf(items.get(id)!, { discardPendingWork: terminal }, terminal ? finalUpdate(status) : { status }));
  }
}
