// The store contract, part: createInstance, getInstance and sendMessage.
import { beforeEach, describe, expect, test } from 'vitest';
import type { WorkflowStore } from '@/lib/engine/store';
import { T0, at, LEASE, raised, message, newInstance, stepOf, finalUpdate, eventNames, claimAll } from './fixtures';

/** Registers the tests on createInstance, getInstance and sendMessage; `current()` is the store of the running test. */
export function contractInstances(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

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
      const item = (await claimAll(store)).get('a1')!;
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

    test('sendMessage with a receipt sends once per key: a second send throws DuplicateReceiptError with the first record', async () => {
      await store.createInstance(newInstance('a1'));
      await store.sendMessage(message('a1', raised('decision', 1)), 'decide', ['PENDING'], { key: 'approval:r1', record: '{"by":"ada"}' });
      const again = store.sendMessage(message('a1', raised('decision', 2)), 'decide', ['PENDING'], { key: 'approval:r1', record: '{"by":"bob"}' });
      await expect(again).rejects.toMatchObject({ name: 'DuplicateReceiptError', key: 'approval:r1', record: '{"by":"ada"}' });
      await store.sendMessage(message('a1', raised('other', 3)), 'decide', ['PENDING'], { key: 'approval:r2', record: '{}' });
      const [item] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
      expect(item.messages.map((m) => m.event)).toEqual([item.messages[0].event, raised('decision', 1), raised('other', 3)]);
    });

    test('a refused send with a receipt keeps no receipt: the key can be sent once the instance allows it', async () => {
      await store.createInstance(newInstance('a1'));
      const refused = store.sendMessage(message('a1', raised('decision')), 'decide', ['RUNNING'], { key: 'approval:r1', record: '"first"' });
      await expect(refused).rejects.toMatchObject({ name: 'InvalidInstanceStatusError' });
      await expect(store.sendMessage(message('ghost', raised('decision')), 'decide', ['PENDING'], { key: 'approval:r1', record: '"x"' })).rejects.toMatchObject({
        name: 'InstanceNotFoundError',
      });
      await store.sendMessage(message('a1', raised('decision')), 'decide', ['PENDING'], { key: 'approval:r1', record: '"second"' });
      await expect(store.sendMessage(message('a1', raised('decision')), 'decide', ['PENDING'], { key: 'approval:r1', record: '"third"' })).rejects.toMatchObject({
        record: '"second"',
      });
    });

    test('of concurrent sends with one receipt key, exactly one is sent', async () => {
      await store.createInstance(newInstance('a1'));
      const sends = Array.from({ length: 6 }, (_, i) => store.sendMessage(message('a1', raised(`d${i}`)), 'decide', ['PENDING'], { key: 'approval:race', record: `"${i}"` }));
      const results = await Promise.allSettled(sends);
      const sent = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(sent).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'DuplicateReceiptError', record: `"${sent[0]}"` });
      const [item] = await store.claimWorkflowWorkItems('w1', 10, LEASE, T0);
      expect(eventNames(item.messages)).toEqual(['ExecutionStarted', `d${sent[0]}`]);
    });
  });
}
