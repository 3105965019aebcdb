// The store contract, part: what the engine's direct hand-over (lib/engine/worker-pairing.ts) relies on: tasks
// inserted already leased, task row IDs from a step commit, and an activity's result committed into its next step.
import { beforeEach, describe, expect, test } from 'vitest';
import type { NewInboxMessage, WorkflowStepCommit, WorkflowStore } from '@/lib/engine/store';
import { orchestratorStarted, taskCompleted } from '@/lib/engine/history-builders';
import { T0, at, LEASE, raised, message, newInstance, task, stepOf, claimAll } from './fixtures';

/** Registers the tests on leased inserts, task row IDs and completions into a step; `current()` is the store of the running test. */
export function contractDirectHandover(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('direct hand-over', () => {
    const far = new Date(Date.now() + 3_600_000);
    /** a1 after its first step, which scheduled task 0 leased to w1; returns that task's row ID. */
    const scheduled = async (): Promise<number> => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      const [id] = await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: [task('a1', 0, { leasedTo: { workerId: 'w1', until: far } })] }));
      return id;
    };
    const result: NewInboxMessage = message('a1', taskCompleted(at(1), 0, '"ok"'), at(1), 'a1-e1');
    /** The step that consumes `result` from version `version`, scheduling task 1. */
    const next = (version: number): WorkflowStepCommit => ({
      ...stepOf({ instance: { instanceId: 'a1', version } as never, messages: [] }),
      newEvents: [orchestratorStarted(at(1)), result.event],
      activityTasks: [task('a1', 1), task('a1', 2, { leasedTo: { workerId: 'w1', until: far } })],
    });

    test('commitWorkflowStep returns the inserted tasks’ row IDs in order; a leased task is nobody else’s until its lease ends', async () => {
      await store.createInstance(newInstance('a1'));
      const item = (await claimAll(store)).get('a1')!;
      const ids = await store.commitWorkflowStep('w1', stepOf(item, { activityTasks: [task('a1', 0), task('a1', 1, { leasedTo: { workerId: 'w1', until: at(30) } }), task('a1', 2)] }));
      expect(ids).toHaveLength(3);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect((await store.claimActivityTasks('w2', 10, 3_600_000, at(1))).map((t) => [t.id, t.taskId])).toEqual([
        [ids[0], 0],
        [ids[2], 2],
      ]);
      expect(await store.renewActivityLeases('w1', [ids[1]], LEASE, at(2))).toEqual([ids[1]]);
      expect((await store.claimActivityTasks('w3', 10, LEASE, at(40))).map((t) => t.id)).toEqual([ids[1]]);
    });

    test('a result goes into the given step when the instance is unleased at its version: history, version, tasks, no message', async () => {
      const taskId = await scheduled();
      const before = (await store.getInstance('a1'))!;
      const delivery = await store.completeActivityTask('w1', taskId, result, next(before.version));
      expect(delivery.stepped).toBe(true);
      if (!delivery.stepped) return;
      expect(delivery.taskIds).toHaveLength(2);
      const after = (await store.getInstance('a1'))!;
      expect(after.version).toBe(before.version + 1);
      expect(after.historyLength).toBe(before.historyLength + 2);
      expect((await store.getHistory('a1')).slice(-1)[0]).toMatchObject({ kind: 'TaskCompleted', taskScheduledId: 0 });
      expect(await claimAll(store, at(60), 'w2')).toEqual(new Map());
      expect((await store.claimActivityTasks('w2', 10, LEASE, new Date())).map((t) => [t.id, t.taskId])).toEqual([[delivery.taskIds[0], 1]]);
      await expect(store.completeActivityTask('w1', delivery.taskIds[1], message('a1', taskCompleted(at(2), 2, '1'), at(2), 'a1-e1'))).resolves.toEqual({ stepped: false });
    });

    test('a result goes to the inbox instead, the step unwritten, when another worker holds the instance', async () => {
      const taskId = await scheduled();
      const before = (await store.getInstance('a1'))!;
      await store.sendMessage(message('a1', raised('go')), 'raise', ['RUNNING']);
      expect((await store.claimWorkflowWorkItems('w2', 10, LEASE, new Date())).map((i) => i.instance.instanceId)).toEqual(['a1']);
      expect(await store.completeActivityTask('w1', taskId, result, next(before.version))).toEqual({ stepped: false });
      expect(await store.getInstance('a1')).toMatchObject({ version: before.version, historyLength: before.historyLength });
      await store.releaseLeases('w2');
      const item = (await claimAll(store, new Date(), 'w3')).get('a1')!;
      expect(item.messages.map((m) => m.event.kind)).toEqual(['EventRaised', 'TaskCompleted']);
      expect(await store.claimActivityTasks('w3', 10, LEASE, new Date())).toEqual([]);
    });

    test('a result goes to the inbox instead when the instance moved past the step’s version', async () => {
      const taskId = await scheduled();
      const before = (await store.getInstance('a1'))!;
      await store.sendMessage(message('a1', raised('go')), 'raise', ['RUNNING']);
      const item = (await claimAll(store, new Date(), 'w2')).get('a1')!;
      await store.commitWorkflowStep('w2', stepOf(item));
      expect(await store.completeActivityTask('w1', taskId, result, next(before.version))).toEqual({ stepped: false });
      expect((await store.getInstance('a1'))!.version).toBe(before.version + 1);
      expect((await claimAll(store, new Date(), 'w3')).get('a1')!.messages.map((m) => m.event.kind)).toEqual(['TaskCompleted']);
    });

    test('a result whose task lease was lost is refused with LeaseLostError, the step and the message both unwritten', async () => {
      const taskId = await scheduled();
      const before = (await store.getInstance('a1'))!;
      await expect(store.completeActivityTask('w2', taskId, result, next(before.version))).rejects.toMatchObject({ name: 'LeaseLostError' });
      expect(await store.getInstance('a1')).toMatchObject({ version: before.version, historyLength: before.historyLength });
      expect(await claimAll(store, at(60), 'w3')).toEqual(new Map());
      expect(await store.renewActivityLeases('w1', [taskId], LEASE, T0)).toEqual([taskId]);
    });
  });
}
