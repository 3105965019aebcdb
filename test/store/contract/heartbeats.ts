// The store contract, part: workers' heartbeats and the takeover of a dead worker's leases.
import { beforeEach, describe, expect, test } from 'vitest';
import type { WorkerHeartbeat, WorkflowStore } from '@/lib/engine/store';
import { T0, at, LEASE, message, newInstance, raised, stepOf, task, ids } from './fixtures';

/** A heartbeat row of `workerId` last seen at T0 + `seconds`. */
const beat = (workerId: string, seconds: number, patch: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat => ({
  workerId,
  host: 'host-a',
  pid: 4242,
  startedAt: T0,
  lastSeenAt: at(seconds),
  ...patch,
});

/** Registers the tests on heartbeats and takeover; `current()` is the store of the running test. */
export function contractHeartbeats(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  describe('worker heartbeats and takeover', () => {
    test('a heartbeat is inserted, then replaced by the next; rows list by worker ID and a stopped worker deletes its own', async () => {
      expect(await store.listHeartbeats()).toEqual([]);
      await store.recordHeartbeat(beat('w2', 0, { host: 'host-b', pid: 7 }));
      await store.recordHeartbeat(beat('w1', 0));
      await store.recordHeartbeat(beat('w1', 1.5));
      expect(await store.listHeartbeats()).toEqual([beat('w1', 1.5), beat('w2', 0, { host: 'host-b', pid: 7 })]);
      await store.deleteHeartbeat('w1');
      await store.deleteHeartbeat('ghost');
      expect((await store.listHeartbeats()).map((w) => w.workerId)).toEqual(['w2']);
    });

    test("a heartbeat carries the worker's version and work in flight when it records them, replaced by each beat", async () => {
      await store.recordHeartbeat(beat('w1', 0, { version: '1.2.3', inFlight: { steps: 2, activities: 5 } }));
      await store.recordHeartbeat(beat('w2', 0));
      expect(await store.listHeartbeats()).toEqual([beat('w1', 0, { version: '1.2.3', inFlight: { steps: 2, activities: 5 } }), beat('w2', 0)]);
      await store.recordHeartbeat(beat('w1', 1, { version: '1.2.3', inFlight: { steps: 0, activities: 1 } }));
      await store.recordHeartbeat(beat('w2', 1, { version: '1.2.4' }));
      expect(await store.listHeartbeats()).toEqual([beat('w1', 1, { version: '1.2.3', inFlight: { steps: 0, activities: 1 } }), beat('w2', 1, { version: '1.2.4' })]);
    });

    test('taking over a worker releases its workflow and activity leases at once (not when they expire), and only its', async () => {
      await store.createInstance(newInstance('mine'));
      await store.createInstance(newInstance('theirs'));
      const [first] = await store.claimWorkflowWorkItems('dead', 1, LEASE, T0);
      expect(first.instance.instanceId).toBe('mine');
      await store.claimWorkflowWorkItems('alive', 1, LEASE, T0);
      await store.commitWorkflowStep('dead', stepOf(first, { activityTasks: [task('mine', 0), task('mine', 1)] }));
      await store.sendMessage(message('mine', raised('go')), 'raise', ['RUNNING']);
      const [held] = await store.claimWorkflowWorkItems('dead', 1, LEASE, T0);
      const [deadTask] = await store.claimActivityTasks('dead', 1, LEASE, T0);
      const [aliveTask] = await store.claimActivityTasks('alive', 1, LEASE, T0);
      await store.recordHeartbeat(beat('dead', 1));
      await store.recordHeartbeat(beat('alive', 2));

      // Before the takeover every lease holds (until 10 s).
      expect(await store.claimWorkflowWorkItems('w3', 10, LEASE, at(2))).toEqual([]);
      expect(await store.claimActivityTasks('w3', 10, LEASE, at(2))).toEqual([]);
      expect(await store.takeOverWorker('dead', at(1))).toBe(true);
      expect(ids((await store.claimWorkflowWorkItems('w3', 10, LEASE, at(2))).map((i) => i.instance))).toEqual(['mine']);
      expect((await store.claimActivityTasks('w3', 10, LEASE, at(2))).map((t) => t.id)).toEqual([deadTask.id]);
      expect((await store.listHeartbeats()).map((w) => w.workerId)).toEqual(['alive']);
      // The dead worker's late step and result are refused; the live worker's leases are untouched.
      await expect(store.commitWorkflowStep('dead', stepOf(held))).rejects.toMatchObject({ name: 'LeaseLostError' });
      await expect(store.completeActivityTask('dead', deadTask.id, message('mine', raised('late')))).rejects.toMatchObject({ name: 'LeaseLostError' });
      expect(await store.renewActivityLeases('alive', [aliveTask.id], LEASE, at(2))).toEqual([aliveTask.id]);
      expect(await store.renewWorkflowLeases('alive', ['theirs'], LEASE, at(2))).toEqual(['theirs']);
    });

    test('a worker that beat again since it was judged is not taken over; neither is one already taken over', async () => {
      await store.createInstance(newInstance('a1'));
      await store.claimWorkflowWorkItems('slow', 1, LEASE, T0);
      await store.recordHeartbeat(beat('slow', 1));
      await store.recordHeartbeat(beat('slow', 7));
      expect(await store.takeOverWorker('slow', at(1))).toBe(false);
      expect(await store.claimWorkflowWorkItems('w2', 10, LEASE, at(2))).toEqual([]);
      expect((await store.listHeartbeats()).map((w) => w.lastSeenAt)).toEqual([at(7)]);

      expect(await store.takeOverWorker('slow', at(7))).toBe(true);
      expect(await store.takeOverWorker('slow', at(7))).toBe(false);
      expect(await store.takeOverWorker('never-beat', at(7))).toBe(false);
      expect(ids((await store.claimWorkflowWorkItems('w2', 10, LEASE, at(2))).map((i) => i.instance))).toEqual(['a1']);
    });

    test('two workers taking over the same dead worker at once: exactly one does', async () => {
      await store.recordHeartbeat(beat('dead', 1));
      const results = await Promise.all([store.takeOverWorker('dead', at(1)), store.takeOverWorker('dead', at(1))]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.listHeartbeats()).toEqual([]);
    });
  });
}
