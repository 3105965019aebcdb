// The WorkflowStore contract: every store (memory, SQLite, PostgreSQL) must pass these tests.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { HistoryEvent } from '@/lib/engine/history-events';
import type { RuntimeStatus } from '@/lib/engine/runtime-status';
import {
  childRejectedMessage,
  type InboxMessage,
  type InstanceUpdate,
  type NewActivityTask,
  type NewInboxMessage,
  type NewInstance,
  type WorkflowStepCommit,
  type WorkflowStore,
  type WorkflowWorkItem,
} from '@/lib/engine/store';
import { nothingWaited } from '@/lib/engine/waiting-on';

/** A store for one test and how to dispose of it. */
export interface StoreHandle {
  store: WorkflowStore;
  dispose(): Promise<void>;
}

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LEASE = 10_000;

const raised = (name: string, input?: unknown, seconds = 0): HistoryEvent => ({
  kind: 'EventRaised',
  eventId: -1,
  timestamp: at(seconds).toISOString(),
  name,
  input: input === undefined ? undefined : JSON.stringify(input),
});

const message = (instanceId: string, event: HistoryEvent, visibleAt = T0, executionId?: string): NewInboxMessage => ({
  instanceId,
  executionId,
  event,
  visibleAt,
});

const newInstance = (instanceId: string, options: Partial<NewInstance> = {}): NewInstance => {
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
      { kind: 'ExecutionStarted', eventId: -1, timestamp: createdAt.toISOString(), name: options.name ?? 'wf', instanceId, executionId },
      createdAt,
    ),
    ...options,
  };
};

const task = (instanceId: string, taskId: number, options: Partial<NewActivityTask> = {}): NewActivityTask => ({
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
const stepOf = (item: WorkflowWorkItem, patch: Partial<WorkflowStepCommit> = {}, update: Partial<InstanceUpdate> = {}): WorkflowStepCommit => ({
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

const finalUpdate = (status: RuntimeStatus, seconds = 1): Partial<InstanceUpdate> => ({ status, completedAt: at(seconds), lastUpdatedAt: at(seconds) });

const ids = (items: { instanceId: string }[]) => items.map((i) => i.instanceId);
const eventNames = (messages: InboxMessage[]) => messages.map((m) => (m.event.kind === 'EventRaised' ? m.event.name : m.event.kind));

/** Registers the contract tests for stores made by `open` (a fresh, empty store per test). */
export function describeStoreContract(label: string, open: () => Promise<StoreHandle>): void {
  describe(`WorkflowStore contract: ${label}`, () => {
    let handle: StoreHandle;
    let store: WorkflowStore;

    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.dispose();
    });

    /** Claims every ready instance as `worker` (at `now`) and returns the items by instance ID. */
    const claimAll = async (now = T0, worker = 'w1') => {
      const items = await store.claimWorkflowWorkItems(worker, 1000, LEASE, now);
      return new Map(items.map((item) => [item.instance.instanceId, item]));
    };
    /** Creates the instances and runs one step of each that ends in the given status. */
    const createWithStatus = async (statuses: Record<string, RuntimeStatus>, options: (id: string) => Partial<NewInstance> = () => ({})) => {
      for (const id of Object.keys(statuses)) await store.createInstance(newInstance(id, options(id)));
      const items = await claimAll(at(3600));
      for (const [id, status] of Object.entries(statuses)) {
        const terminal = ['COMPLETED', 'FAILED', 'TERMINATED'].includes(status);
        await store.commitWorkflowStep('w1', stepOf(items.get(id)!, { discardPendingWork: terminal }, terminal ? finalUpdate(status) : { status }));
      }
    };

    describe('instances', () => {
      test('createInstance stores a PENDING instance with its start message; getInstance reads it back', async () => {
        await store.createInstance(newInstance('a1', { parentInstanceId: 'p1', parentTaskId: 3, scheduledStartAt: at(60) }));
        expect(await store.getInstance('a1')).toMatchObject({
          instanceId: 'a1',
          name: 'wf',
          executionId: 'a1-e1',
          status: 'PENDING',
          input: '"in"',
          parentInstanceId: 'p1',
          parentTaskId: 3,
          createdAt: T0,
          lastUpdatedAt: T0,
          scheduledStartAt: at(60),
          historyLength: 0,
          version: 0,
        });
        expect(await store.getInstance('nope')).toBeUndefined();
        const [item] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
        expect(item.instance).toEqual(await store.getInstance('a1'));
        expect(item.messages.map((m) => m.event.kind)).toEqual(['ExecutionStarted']);
      });

      test('createInstance refuses an ID that a live instance holds', async () => {
        await store.createInstance(newInstance('a1'));
        await expect(store.createInstance(newInstance('a1'))).rejects.toMatchObject({ name: 'InstanceAlreadyExistsError', status: 'PENDING' });
      });

      test('of concurrent creates with one ID, exactly one succeeds; the others get InstanceAlreadyExistsError', async () => {
        const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => store.createInstance(newInstance('dup', { executionId: `e${i}` }))));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected')) expect(r.reason).toMatchObject({ name: 'InstanceAlreadyExistsError' });
        const [item] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
        expect(item.messages).toHaveLength(1);
      });

      test('createInstance replaces a terminal instance, dropping its history and pending work', async () => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(item, {}, finalUpdate('COMPLETED')));
        await store.sendMessage(message('a1', raised('late'), at(100)), 'raise an event to', ['COMPLETED']);
        await store.appendActivityLog('a1', 1, 'old line', T0);
        expect(await store.getHistory('a1')).toHaveLength(1);

        await store.createInstance(newInstance('a1', { executionId: 'a1-e2', createdAt: at(5) }));
        expect(await store.getInstance('a1')).toMatchObject({ status: 'PENDING', executionId: 'a1-e2', historyLength: 0, version: 0, createdAt: at(5) });
        expect(await store.getHistory('a1')).toEqual([]);
        expect(await store.getActivityLogs('a1')).toEqual([]);
        const [fresh] = await store.claimWorkflowWorkItems('w1', 10, LEASE, at(200));
        expect(fresh.messages.map((m) => m.event.kind)).toEqual(['ExecutionStarted']);
      });

      test('sendMessage checks the instance exists and has an allowed status', async () => {
        await expect(store.sendMessage(message('ghost', raised('x')), 'raise an event to', ['RUNNING'])).rejects.toMatchObject({
          name: 'InstanceNotFoundError',
        });
        await store.createInstance(newInstance('a1'));
        const refused = store.sendMessage(message('a1', raised('x')), 'suspend', ['RUNNING']);
        await expect(refused).rejects.toMatchObject({ name: 'InvalidInstanceStatusError', operation: 'suspend', status: 'PENDING' });
        await expect(refused).rejects.toThrow(/suspend/);

        await store.sendMessage(message('a1', raised('go', 1)), 'raise an event to', ['PENDING', 'RUNNING']);
        const [item] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
        expect(eventNames(item.messages)).toEqual(['ExecutionStarted', 'go']);
        expect(item.messages[1].event).toEqual(raised('go', 1));
      });
    });

    describe('workflow claims', () => {
      test('only messages visible at `now` are claimed; nextVisibleAt tells when the next one shows', async () => {
        await store.createInstance(newInstance('a1'));
        const later = newInstance('later');
        await store.createInstance({ ...later, startMessage: { ...later.startMessage, visibleAt: at(5) } });
        expect(await store.nextVisibleAt(T0)).toEqual(at(5));

        const first = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
        expect(ids(first.map((i) => i.instance))).toEqual(['a1']);
        expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, at(4))).toEqual([]);
        const second = await store.claimWorkflowWorkItems('w2', 10, LEASE, at(5));
        expect(ids(second.map((i) => i.instance))).toEqual(['later']);
        expect(await store.nextVisibleAt(at(5))).toBeUndefined();
      });

      test('a claim returns each instance once, with only its own visible messages, in order', async () => {
        await store.createInstance(newInstance('a1'));
        await store.createInstance(newInstance('b1'));
        await store.sendMessage(message('a1', raised('one')), 'raise', ['PENDING']);
        await store.sendMessage(message('b1', raised('other')), 'raise', ['PENDING']);
        await store.sendMessage(message('a1', raised('future'), at(60)), 'raise', ['PENDING']);
        await store.sendMessage(message('a1', raised('two')), 'raise', ['PENDING']);

        const items = await claimAll();
        expect([...items.keys()].sort()).toEqual(['a1', 'b1']);
        expect(eventNames(items.get('a1')!.messages)).toEqual(['ExecutionStarted', 'one', 'two']);
        expect(eventNames(items.get('b1')!.messages)).toEqual(['ExecutionStarted', 'other']);
        const messageIds = items.get('a1')!.messages.map((m) => m.id);
        expect(messageIds).toEqual([...messageIds].sort((x, y) => x - y));
      });

      test('a claim takes at most `limit` instances', async () => {
        for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) await store.createInstance(newInstance(id));
        const first = await store.claimWorkflowWorkItems('w1', 2, LEASE, T0);
        const second = await store.claimWorkflowWorkItems('w1', 2, LEASE, T0);
        const third = await store.claimWorkflowWorkItems('w1', 2, LEASE, T0);
        expect([first.length, second.length, third.length]).toEqual([2, 2, 1]);
        expect(new Set(ids([...first, ...second, ...third].map((i) => i.instance))).size).toBe(5);
      });

      test('a leased instance is invisible to other workers until its lease expires', async () => {
        await store.createInstance(newInstance('a1'));
        const [mine] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
        expect(mine.instance.instanceId).toBe('a1');
        expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, at(LEASE / 1000 - 1))).toEqual([]);

        const [theirs] = await store.claimWorkflowWorkItems('w2', 10, LEASE, at(LEASE / 1000 + 1));
        expect(theirs.instance.instanceId).toBe('a1');
        await expect(store.commitWorkflowStep('w1', stepOf(mine))).rejects.toMatchObject({ name: 'LeaseLostError' });
        await store.commitWorkflowStep('w2', stepOf(theirs));
        expect(await store.getHistory('a1')).toHaveLength(1);
      });

      test('concurrent claimers never lease the same instance twice', async () => {
        const all = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);
        for (const id of all) await store.createInstance(newInstance(id));
        const claims = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w1', 'w2', 'w3', 'w4'].map((w) => store.claimWorkflowWorkItems(w, 5, LEASE, T0)));
        const claimed = claims.flat().map((i) => i.instance.instanceId);
        expect(new Set(claimed).size).toBe(claimed.length);
        expect(claimed.length).toBeLessThanOrEqual(30);
      });

      test('abandonWorkflowWorkItem releases the lease and keeps the messages', async () => {
        await store.createInstance(newInstance('a1'));
        await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
        await store.abandonWorkflowWorkItem('w2', 'a1');
        expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, T0)).toEqual([]);
        await store.abandonWorkflowWorkItem('w1', 'a1');
        const [again] = await store.claimWorkflowWorkItems('w2', 10, LEASE, T0);
        expect(eventNames(again.messages)).toEqual(['ExecutionStarted']);
      });
    });

    describe('commitWorkflowStep', () => {
      test('appends history in sequence order, applies the update, bumps the version and releases the lease', async () => {
        await store.createInstance(newInstance('a1'));
        const first = (await claimAll()).get('a1')!;
        const orchestration: HistoryEvent[] = [
          { kind: 'OrchestratorStarted', eventId: -1, timestamp: T0.toISOString() },
          first.messages[0].event,
          { kind: 'TaskScheduled', eventId: 0, timestamp: T0.toISOString(), name: 'act', input: '1' },
          { kind: 'OrchestratorCompleted', eventId: -1, timestamp: T0.toISOString() },
        ];
        const waitingOn = { ...nothingWaited(), activities: [{ taskId: 0, name: 'act', scheduledAt: T0.toISOString(), attempt: 1 }] };
        await store.commitWorkflowStep(
          'w1',
          stepOf(first, { newEvents: orchestration }, { status: 'RUNNING', customStatus: '"busy"', waitingOn, lastUpdatedAt: at(1) }),
        );
        expect(await store.getInstance('a1')).toMatchObject({ status: 'RUNNING', customStatus: '"busy"', waitingOn, lastUpdatedAt: at(1), historyLength: 4, version: 1 });

        await store.sendMessage(message('a1', raised('next')), 'raise', ['RUNNING']);
        const second = (await claimAll(at(2), 'w2')).get('a1')!;
        expect(second.instance.version).toBe(1);
        expect(eventNames(second.messages)).toEqual(['next']);
        await store.commitWorkflowStep('w2', stepOf(second, {}, { customStatus: null }));

        const history = await store.getHistory('a1');
        expect(history.map((e) => e.sequence)).toEqual([0, 1, 2, 3, 4]);
        expect(history.map((e) => e.kind)).toEqual(['OrchestratorStarted', 'ExecutionStarted', 'TaskScheduled', 'OrchestratorCompleted', 'EventRaised']);
        expect(history[2]).toEqual({ ...orchestration[2], sequence: 2 });
        expect(await store.getHistory('a1', { fromSequence: 2, limit: 2 })).toEqual([
          { ...orchestration[2], sequence: 2 },
          { ...orchestration[3], sequence: 3 },
        ]);
        const row = await store.getInstance('a1');
        expect(row).toMatchObject({ historyLength: 5, version: 2 });
        expect(row?.customStatus).toBeUndefined();
        expect(await claimAll(at(3))).toEqual(new Map());
      });

      test('stores output, failure details and completion time; null clears them', async () => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        const failure = { errorType: 'TypeError', message: 'bad', stackTrace: 'TypeError: bad\n  at x' };
        await store.commitWorkflowStep('w1', stepOf(item, {}, { ...finalUpdate('FAILED'), failure, output: '"partial"' }));
        expect(await store.getInstance('a1')).toMatchObject({ status: 'FAILED', failure, output: '"partial"', completedAt: at(1) });

        await store.sendMessage(message('a1', raised('again')), 'raise', ['FAILED']);
        const next = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(next, {}, { status: 'RUNNING', failure: null, output: null, completedAt: null }));
        const row = await store.getInstance('a1');
        expect([row?.failure, row?.output, row?.completedAt]).toEqual([undefined, undefined, undefined]);
      });

      test('throws LeaseLostError for another worker and writes nothing', async () => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        const commit = stepOf(item, { activityTasks: [task('a1', 0)], messages: [message('a1', raised('x'))] }, { status: 'RUNNING' });
        await expect(store.commitWorkflowStep('w2', commit)).rejects.toMatchObject({ name: 'LeaseLostError' });
        expect(await store.getInstance('a1')).toMatchObject({ status: 'PENDING', version: 0, historyLength: 0 });
        expect(await store.getHistory('a1')).toEqual([]);
        expect(await store.claimActivityTasks('w1', 10, LEASE, T0)).toEqual([]);
        await store.abandonWorkflowWorkItem('w1', 'a1');
        expect(eventNames((await claimAll()).get('a1')!.messages)).toEqual(['ExecutionStarted']);
      });

      test('throws LeaseLostError when the version moved', async () => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        await expect(store.commitWorkflowStep('w1', { ...stepOf(item), expectedVersion: 7 })).rejects.toMatchObject({ name: 'LeaseLostError' });
        expect(await store.getInstance('a1')).toMatchObject({ version: 0, historyLength: 0 });
        await store.commitWorkflowStep('w1', stepOf(item));
        expect(await store.getInstance('a1')).toMatchObject({ version: 1, historyLength: 1 });
      });

      test('throws LeaseLostError when a consumed message is gone, writing nothing', async () => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        const gone = Math.max(...item.messages.map((m) => m.id)) + 1000;
        const commit = stepOf(item, { consumedMessageIds: [...item.messages.map((m) => m.id), gone], activityTasks: [task('a1', 0)] });
        await expect(store.commitWorkflowStep('w1', commit)).rejects.toMatchObject({ name: 'LeaseLostError' });
        expect(await store.getHistory('a1')).toEqual([]);
        expect(await store.claimActivityTasks('w1', 10, LEASE, T0)).toEqual([]);
        await store.commitWorkflowStep('w1', stepOf(item));
        expect(await store.getHistory('a1')).toHaveLength(1);
      });

      test('concurrent commits succeed or fail on their own: a lost lease rejects only that step', async () => {
        const group = ['g1', 'g2', 'g3', 'g4'];
        for (const id of group) await store.createInstance(newInstance(id));
        const items = await claimAll();
        const results = await Promise.allSettled(
          group.map((id) => store.commitWorkflowStep(id === 'g3' ? 'intruder' : 'w1', stepOf(items.get(id)!, { activityTasks: [task(id, 0)] }))),
        );
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ name: 'LeaseLostError' });
        expect(await Promise.all(group.map(async (id) => (await store.getHistory(id)).length))).toEqual([1, 1, 0, 1]);
        expect((await store.claimActivityTasks('w1', 10, LEASE, T0)).map((t) => t.instanceId).sort()).toEqual(['g1', 'g2', 'g4']);
      });

      test('resetHistory starts a fresh history numbered from 0', async () => {
        await store.createInstance(newInstance('a1'));
        const first = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(first, { newEvents: [first.messages[0].event, raised('a'), raised('b')] }));
        await store.sendMessage(message('a1', raised('c')), 'raise', ['RUNNING']);
        const second = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(second, { resetHistory: true }, { executionId: 'a1-e2', input: '"new"' }));
        expect((await store.getHistory('a1')).map((e) => [e.sequence, e.kind === 'EventRaised' && e.name])).toEqual([[0, 'c']]);
        expect(await store.getInstance('a1')).toMatchObject({ historyLength: 1, version: 2, executionId: 'a1-e2', input: '"new"' });
      });

      test('discardPendingWork deletes the instance\'s remaining messages and tasks, and only its own', async () => {
        await store.createInstance(newInstance('a1'));
        await store.createInstance(newInstance('b1'));
        const items = await claimAll();
        await store.commitWorkflowStep('w1', stepOf(items.get('a1')!, { activityTasks: [task('a1', 0)], messages: [message('a1', raised('timer'), at(60))] }));
        await store.commitWorkflowStep('w1', stepOf(items.get('b1')!, { activityTasks: [task('b1', 0)], messages: [message('b1', raised('timer'), at(60))] }));
        await store.sendMessage(message('a1', raised('now')), 'raise', ['RUNNING']);

        const next = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(next, { discardPendingWork: true }, finalUpdate('TERMINATED')));
        const tasks = await store.claimActivityTasks('w1', 10, LEASE, at(120));
        expect(tasks.map((t) => t.instanceId)).toEqual(['b1']);
        const later = await store.claimWorkflowWorkItems('w1', 10, LEASE, at(120));
        expect(later.map((i) => i.instance.instanceId)).toEqual(['b1']);
      });

      test('enqueues activity tasks with their attempt, visible from their visibleAt', async () => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: [task('a1', 0), task('a1', 1, { attempt: 3, input: undefined, visibleAt: at(5) })] }));
        const now = await store.claimActivityTasks('w1', 10, LEASE, T0);
        expect(now).toEqual([{ id: expect.any(Number), instanceId: 'a1', executionId: 'a1-e1', taskId: 0, name: 'act', input: '{"n":0}', attempt: 1 }]);
        const later = await store.claimActivityTasks('w1', 10, LEASE, at(5));
        expect(later).toMatchObject([{ taskId: 1, attempt: 3 }]);
        expect(later[0].input).toBeUndefined();
      });

      test('creates child instances; a live child ID gets the parent a rejection message instead', async () => {
        await store.createInstance(newInstance('busy'));
        await store.createInstance(newInstance('parent'));
        const item = (await claimAll()).get('parent')!;
        const child = (id: string, taskId: number) =>
          newInstance(id, { parentInstanceId: 'parent', parentTaskId: taskId, executionId: `${id}-x`, createdAt: at(1) });
        await store.commitWorkflowStep('w1', stepOf(item, { children: [child('kid', 0), child('busy', 1)] }));

        expect(await store.getInstance('kid')).toMatchObject({ status: 'PENDING', parentInstanceId: 'parent', parentTaskId: 0, executionId: 'kid-x' });
        const next = await claimAll(at(1));
        expect(eventNames(next.get('kid')!.messages)).toEqual(['ExecutionStarted']);
        const rejection = childRejectedMessage(child('busy', 1), 'PENDING');
        expect(next.get('parent')!.messages.map((m) => m.event)).toEqual([rejection.event]);
        expect(await store.getInstance('busy')).toMatchObject({ parentInstanceId: undefined, executionId: 'busy-e1' });
      });

      test('a child ID held by a terminal instance is reused', async () => {
        await createWithStatus({ old: 'COMPLETED', parent: 'RUNNING' });
        await store.sendMessage(message('parent', raised('go')), 'raise', ['RUNNING']);
        const item = (await claimAll(at(3600))).get('parent')!;
        const child = newInstance('old', { parentInstanceId: 'parent', parentTaskId: 4, executionId: 'old-x' });
        await store.commitWorkflowStep('w1', stepOf(item, { children: [child] }));
        expect(await store.getInstance('old')).toMatchObject({ status: 'PENDING', executionId: 'old-x', parentInstanceId: 'parent', historyLength: 0 });
        expect(await store.getHistory('old')).toEqual([]);
      });

      test('messages to instances that do not exist are dropped; the others are delivered', async () => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        await store.createInstance(newInstance('b1'));
        await store.commitWorkflowStep('w1', stepOf(item, { messages: [message('ghost', raised('lost')), message('b1', raised('hello', 'hi'), T0, 'b1-e1')] }));
        const next = await claimAll();
        expect([...next.keys()]).toEqual(['b1']);
        expect(next.get('b1')!.messages[1]).toMatchObject({ instanceId: 'b1', executionId: 'b1-e1', event: raised('hello', 'hi') });
        expect(await store.getInstance('ghost')).toBeUndefined();
      });
    });

    describe('activity tasks', () => {
      const withTasks = async (...taskIds: number[]) => {
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: taskIds.map((n) => task('a1', n)) }));
      };
      const result = (taskId: number): NewInboxMessage =>
        message('a1', { kind: 'TaskCompleted', eventId: -1, timestamp: at(1).toISOString(), taskScheduledId: taskId, result: '"ok"' }, at(1), 'a1-e1');

      test('claims are exclusive while leased, limited, and taken over once the lease expires', async () => {
        await withTasks(0, 1, 2);
        const mine = await store.claimActivityTasks('w1', 2, LEASE, T0);
        expect(mine.map((t) => t.taskId)).toEqual([0, 1]);
        expect((await store.claimActivityTasks('w2', 10, LEASE, at(1))).map((t) => t.taskId)).toEqual([2]);
        expect(await store.claimActivityTasks('w2', 10, LEASE, at(2))).toEqual([]);
        const taken = await store.claimActivityTasks('w2', 10, LEASE, at(LEASE / 1000 + 0.5));
        expect(taken.map((t) => t.taskId)).toEqual([0, 1]);
      });

      test('concurrent claimers never lease the same task twice', async () => {
        await withTasks(...Array.from({ length: 30 }, (_, i) => i));
        const claims = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w1', 'w2', 'w3', 'w4'].map((w) => store.claimActivityTasks(w, 5, LEASE, T0)));
        const claimed = claims.flat().map((t) => t.id);
        expect(new Set(claimed).size).toBe(claimed.length);
      });

      test('renewActivityLeases extends only the leases still held', async () => {
        await withTasks(0, 1);
        const [t0, t1] = await store.claimActivityTasks('w1', 10, LEASE, T0);
        expect(await store.renewActivityLeases('w1', [t0.id, t1.id], LEASE, at(8))).toEqual([t0.id, t1.id]);
        expect(await store.claimActivityTasks('w2', 10, LEASE, at(12))).toEqual([]);
        expect((await store.claimActivityTasks('w2', 10, LEASE, at(19))).map((t) => t.id)).toEqual([t0.id, t1.id]);
        expect(await store.renewActivityLeases('w1', [t0.id, t1.id], LEASE, at(20))).toEqual([]);
        expect(await store.renewActivityLeases('w1', [], LEASE, at(20))).toEqual([]);
      });

      test('completeActivityTask deletes the task and delivers the result', async () => {
        await withTasks(0);
        const [t] = await store.claimActivityTasks('w1', 10, LEASE, T0);
        await store.completeActivityTask('w1', t.id, result(0));
        const item = (await claimAll(at(1))).get('a1')!;
        expect(item.messages.map((m) => m.event)).toEqual([result(0).event]);
        expect(item.messages[0].executionId).toBe('a1-e1');
        expect(await store.claimActivityTasks('w1', 10, LEASE, at(3600))).toEqual([]);
      });

      test('completeActivityTask throws LeaseLostError when the task was taken over or is gone, delivering nothing', async () => {
        await withTasks(0);
        const [t] = await store.claimActivityTasks('w1', 10, LEASE, T0);
        await store.claimActivityTasks('w2', 10, LEASE, at(LEASE / 1000 + 1));
        await expect(store.completeActivityTask('w1', t.id, result(0))).rejects.toMatchObject({ name: 'LeaseLostError' });
        expect(await claimAll(at(60))).toEqual(new Map());
        await store.completeActivityTask('w2', t.id, result(0));
        await expect(store.completeActivityTask('w2', t.id, result(0))).rejects.toMatchObject({ name: 'LeaseLostError' });
        expect((await claimAll(at(60))).get('a1')!.messages).toHaveLength(1);
      });

      test('releaseLeases frees every instance and task lease of a worker', async () => {
        await withTasks(0);
        await store.createInstance(newInstance('b1'));
        await store.sendMessage(message('a1', raised('x')), 'raise', ['RUNNING']);
        expect((await claimAll(T0, 'w1')).size).toBe(2);
        expect(await store.claimActivityTasks('w1', 10, LEASE, T0)).toHaveLength(1);
        await store.releaseLeases('w1');
        expect([...(await claimAll(T0, 'w2')).keys()].sort()).toEqual(['a1', 'b1']);
        expect(await store.claimActivityTasks('w2', 10, LEASE, T0)).toHaveLength(1);
      });

      test('nextVisibleAt is the earliest future message or task', async () => {
        expect(await store.nextVisibleAt(T0)).toBeUndefined();
        await store.createInstance(newInstance('a1'));
        const item = (await claimAll()).get('a1')!;
        await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: [task('a1', 0, { visibleAt: at(20) })], messages: [message('a1', raised('t'), at(40))] }));
        expect(await store.nextVisibleAt(T0)).toEqual(at(20));
        expect(await store.nextVisibleAt(at(20))).toEqual(at(40));
        expect(await store.nextVisibleAt(at(40))).toBeUndefined();
      });
    });

    describe('listing', () => {
      // 23 instances: createdAt in steps of 10 s with ties (three per timestamp), three names, parent c.
      const listed = Array.from({ length: 23 }, (_, i) => ({
        id: `${['a', 'b', 'c'][i % 3]}${String(i).padStart(3, '0')}`,
        createdAt: at(10 * Math.floor(i / 3)),
        name: ['alpha', 'beta', 'gamma'][i % 3],
      }));
      const seed = async () => {
        const statuses: Record<string, RuntimeStatus> = {};
        listed.forEach((x, i) => (statuses[x.id] = (['RUNNING', 'COMPLETED', 'FAILED', 'SUSPENDED'] as const)[i % 4]));
        await createWithStatus(statuses, (id) => {
          const x = listed.find((l) => l.id === id)!;
          return { createdAt: x.createdAt, name: x.name, parentInstanceId: id.startsWith('c') ? 'c002' : undefined };
        });
      };
      const sorted = (order: 'asc' | 'desc') => {
        const oldestFirst = [...listed].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1)).map((x) => x.id);
        return order === 'asc' ? oldestFirst : oldestFirst.reverse();
      };
      const pageThrough = async (query: { order?: 'asc' | 'desc'; limit: number } & Record<string, unknown>) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 50; pages++) {
          const page = await store.listInstances({ ...query, cursor });
          seen.push(...ids(page.items));
          cursor = page.nextCursor;
          if (!cursor) return seen;
        }
        throw new Error('pagination did not end');
      };

      test('pages through every instance newest first (default) and oldest first, with no duplicates or gaps', async () => {
        await seed();
        expect(await pageThrough({ limit: 7 })).toEqual(sorted('desc'));
        expect(await pageThrough({ limit: 5, order: 'asc' })).toEqual(sorted('asc'));
        expect(await pageThrough({ limit: 23 })).toEqual(sorted('desc'));
        const full = await store.listInstances({ limit: 23 });
        expect(full.nextCursor).toBeUndefined();
        expect(full.items[0]).toMatchObject({ instanceId: sorted('desc')[0], name: expect.any(String), status: expect.any(String) });
      });

      test('filters by status, name, ID prefix, creation time and parent', async () => {
        await seed();
        const all = (await store.listInstances({ limit: 100 })).items;
        const expectIds = async (query: Record<string, unknown>, keep: (r: (typeof all)[number]) => boolean) =>
          expect(await pageThrough({ limit: 4, ...query })).toEqual(ids(all.filter(keep)));
        await expectIds({ statuses: ['COMPLETED', 'FAILED'] }, (r) => r.status === 'COMPLETED' || r.status === 'FAILED');
        await expectIds({ name: 'beta' }, (r) => r.name === 'beta');
        await expectIds({ idPrefix: 'a0' }, (r) => r.instanceId.startsWith('a0'));
        await expectIds({ idPrefix: 'A0' }, () => false);
        await expectIds({ createdFrom: at(20), createdTo: at(50) }, (r) => r.createdAt >= at(20) && r.createdAt <= at(50));
        await expectIds({ parentInstanceId: 'c002' }, (r) => r.parentInstanceId === 'c002');
        await expectIds({ name: 'alpha', statuses: ['RUNNING'], order: 'desc' }, (r) => r.name === 'alpha' && r.status === 'RUNNING');
      });

      test('an invalid cursor is a RangeError', async () => {
        await expect(store.listInstances({ limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(RangeError);
      });

      test('countInstancesByStatus counts under the same filters', async () => {
        await seed();
        const all = (await store.listInstances({ limit: 100 })).items;
        const count = (keep: (r: (typeof all)[number]) => boolean) => {
          const counts: Partial<Record<RuntimeStatus, number>> = {};
          for (const r of all.filter(keep)) counts[r.status] = (counts[r.status] ?? 0) + 1;
          return counts;
        };
        expect(await store.countInstancesByStatus({})).toEqual(count(() => true));
        expect(await store.countInstancesByStatus({ name: 'gamma', createdFrom: at(30) })).toEqual(count((r) => r.name === 'gamma' && r.createdAt >= at(30)));
        expect(await store.countInstancesByStatus({ idPrefix: 'zz' })).toEqual({});
      });

      test('listInstancesWaitingForEvents lists waiting instances, most recent wait first', async () => {
        for (const id of ['x1', 'x2', 'x3', 'idle']) await store.createInstance(newInstance(id));
        const items = await claimAll();
        const waiting = (id: string, seconds: number) =>
          stepOf(items.get(id)!, {}, { waitingForEventSince: at(seconds), waitingOn: { ...nothingWaited(), events: [{ name: 'approve', since: at(seconds).toISOString() }] } });
        await store.commitWorkflowStep('w1', waiting('x1', 5));
        await store.commitWorkflowStep('w1', waiting('x2', 9));
        await store.commitWorkflowStep('w1', waiting('x3', 1));
        await store.commitWorkflowStep('w1', stepOf(items.get('idle')!));
        const list = await store.listInstancesWaitingForEvents(10);
        expect(ids(list)).toEqual(['x2', 'x1', 'x3']);
        expect(list[0]).toMatchObject({ waitingForEventSince: at(9), waitingOn: { events: [{ name: 'approve' }] } });
        expect(ids(await store.listInstancesWaitingForEvents(2))).toEqual(['x2', 'x1']);
      });
    });

    describe('purge and logs', () => {
      const family = async (childStatus: RuntimeStatus) => {
        await createWithStatus({ root: 'COMPLETED', other: 'COMPLETED' });
        await createWithStatus({ kid: 'COMPLETED' }, () => ({ parentInstanceId: 'root' }));
        await createWithStatus({ grandkid: childStatus }, () => ({ parentInstanceId: 'kid' }));
        for (const id of ['root', 'kid', 'grandkid']) await store.appendActivityLog(id, 0, `log of ${id}`, T0);
      };

      test('purgeInstance throws InstanceNotFoundError for an unknown ID', async () => {
        await expect(store.purgeInstance('ghost', true)).rejects.toMatchObject({ name: 'InstanceNotFoundError' });
      });

      test('recursive purge deletes the instance and its descendants with their history and logs', async () => {
        await family('FAILED');
        expect(await store.purgeInstance('root', true)).toBe(3);
        for (const id of ['root', 'kid', 'grandkid']) {
          expect(await store.getInstance(id)).toBeUndefined();
          expect(await store.getHistory(id)).toEqual([]);
          expect(await store.getActivityLogs(id)).toEqual([]);
        }
        expect(await store.getInstance('other')).toBeDefined();
      });

      test('purge refuses (deleting nothing) when the instance or a descendant is not terminal', async () => {
        await family('RUNNING');
        await expect(store.purgeInstance('root', true)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError', instanceId: 'grandkid', operation: 'purge' });
        for (const id of ['root', 'kid', 'grandkid']) expect(await store.getInstance(id)).toBeDefined();
        expect(await store.getHistory('root')).toHaveLength(1);
        await expect(store.purgeInstance('grandkid', false)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError', status: 'RUNNING' });
      });

      test('non-recursive purge deletes only the instance', async () => {
        await family('RUNNING');
        expect(await store.purgeInstance('root', false)).toBe(1);
        expect(await store.getInstance('root')).toBeUndefined();
        expect(await store.getInstance('kid')).toBeDefined();
      });

      test('activity logs are kept per instance, oldest first', async () => {
        await store.appendActivityLog('a1', 2, 'first', at(1));
        await store.appendActivityLog('b1', 0, 'elsewhere', at(2));
        await store.appendActivityLog('a1', 3, 'second', at(3));
        expect(await store.getActivityLogs('a1')).toEqual([
          { taskId: 2, message: 'first', createdAt: at(1) },
          { taskId: 3, message: 'second', createdAt: at(3) },
        ]);
        expect(await store.getActivityLogs('none')).toEqual([]);
      });
    });
  });
}
