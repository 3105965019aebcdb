// The store contract, part: closed executions kept by continue-as-new, and rerun instances with their links.
import { beforeEach, describe, expect, test } from 'vitest';
import { executionCompleted, executionStarted, orchestratorCompleted, orchestratorStarted, taskScheduled, timerCreated, timerFired } from '@/lib/engine/history-builders';
import type { HistoryEvent } from '@/lib/engine/history-events';
import type { ExecutionArchive, NewRerunInstance } from '@/lib/engine/recovery-store';
import type { WorkflowStore, WorkflowWorkItem } from '@/lib/engine/store';
import { nothingWaited } from '@/lib/engine/waiting-on';
import { LEASE, T0, at, claimAll, createWithStatus, message, newInstance, stepOf, task } from './fixtures';

/** Registers the tests on closed executions and reruns; `current()` is the store of the running test. */
export function contractRecovery(current: () => WorkflowStore): void {
  let store: WorkflowStore;
  beforeEach(() => {
    store = current();
  });

  /** One continue-as-new step of `item` (generation `index - 1`), keeping `keep` closed executions. */
  const continueAsNew = (item: WorkflowWorkItem, index: number, keep: number) => {
    const closing: HistoryEvent[] = [
      orchestratorStarted(at(index)),
      ...item.messages.map((m) => m.event),
      executionCompleted(at(index), 'CONTINUED_AS_NEW', {}),
      orchestratorCompleted(at(index)),
    ];
    const archive: ExecutionArchive = {
      record: {
        instanceId: 'mon',
        index,
        executionId: item.instance.executionId,
        name: 'wf',
        status: 'CONTINUED_AS_NEW',
        input: `${index - 1}`,
        output: `${index}`,
        startedAt: at(index - 1),
        closedAt: at(index),
      },
      closingEvents: closing,
      keep,
    };
    const next = `mon-e${index + 1}`;
    const start = executionStarted(at(index), { name: 'wf', instanceId: 'mon', executionId: next, input: `${index}`, generation: index });
    return stepOf(item, { resetHistory: true, newEvents: [], archive, messages: [message('mon', start, at(index))] }, { executionId: next, input: `${index}` });
  };

  /** Runs `chain` continue-as-new steps on a fresh instance 'mon' (each execution first records its start). */
  const runChain = async (chain: number, keep: number) => {
    await store.createInstance(newInstance('mon', { executionId: 'mon-e1' }));
    for (let index = 1; index <= chain; index++) {
      const [first] = await store.claimWorkflowWorkItems('w1', 1, LEASE, at(3600));
      await store.commitWorkflowStep('w1', stepOf(first));
      await store.sendMessage(message('mon', timerFired(0, at(index).toISOString())), 'wake', ['RUNNING']);
      const [second] = await store.claimWorkflowWorkItems('w1', 1, LEASE, at(3600));
      await store.commitWorkflowStep('w1', continueAsNew(second, index, keep));
    }
  };

  describe('closed executions', () => {
    test('a continue-as-new keeps the execution it closes with its whole history, in the same commit', async () => {
      await runChain(1, 10);
      const [closed] = await store.listClosedExecutions('mon');
      expect(closed).toEqual({
        instanceId: 'mon',
        index: 1,
        executionId: 'mon-e1',
        name: 'wf',
        status: 'CONTINUED_AS_NEW',
        input: '0',
        output: '1',
        startedAt: at(0),
        closedAt: at(1),
        historyLength: 5,
      });
      const history = await store.getClosedExecutionHistory('mon', 'mon-e1');
      expect(history!.map((e) => [e.sequence, e.kind])).toEqual([
        [0, 'ExecutionStarted'],
        [1, 'OrchestratorStarted'],
        [2, 'TimerFired'],
        [3, 'ExecutionCompleted'],
        [4, 'OrchestratorCompleted'],
      ]);
      expect(await store.getHistory('mon')).toEqual([]);
      expect((await store.getInstance('mon'))!.executionId).toBe('mon-e2');
    });

    test('keeps at most `keep` closed executions, the oldest dropped', async () => {
      await runChain(4, 2);
      expect((await store.listClosedExecutions('mon')).map((e) => [e.index, e.executionId])).toEqual([
        [3, 'mon-e3'],
        [4, 'mon-e4'],
      ]);
      expect(await store.getClosedExecutionHistory('mon', 'mon-e1')).toBeUndefined();
    });

    test('an unknown instance or execution has none; purge and ID reuse delete them', async () => {
      expect(await store.listClosedExecutions('ghost')).toEqual([]);
      expect(await store.getClosedExecutionHistory('ghost', 'x')).toBeUndefined();
      await runChain(1, 10);
      const [item] = await store.claimWorkflowWorkItems('w1', 1, LEASE, at(3600));
      await store.commitWorkflowStep('w1', stepOf(item, { discardPendingWork: true }, { status: 'COMPLETED', completedAt: at(9) }));
      await store.createInstance(newInstance('mon'));
      expect(await store.listClosedExecutions('mon')).toEqual([]);
    });
  });

  describe('reruns', () => {
    const prefix: HistoryEvent[] = [
      orchestratorStarted(T0),
      executionStarted(T0, { name: 'wf', instanceId: 'src-rerun-1', executionId: 'r-e1', input: '"in"' }),
      taskScheduled(0, T0, 'act', '{"n":0}'),
      timerCreated(1, T0, at(7200)),
      orchestratorCompleted(T0),
    ];
    const rerun = (instanceId = 'src-rerun-1', children: NewRerunInstance['children'] = []): NewRerunInstance => ({
      instance: { instanceId, name: 'wf', executionId: 'r-e1', input: '"in"', createdAt: at(10) },
      history: prefix,
      waitingOn: { ...nothingWaited(), activities: [{ taskId: 0, name: 'act', scheduledAt: T0.toISOString(), attempt: 1 }] },
      activityTasks: [task(instanceId, 0, { executionId: 'r-e1', visibleAt: at(10) })],
      messages: [message(instanceId, timerFired(1, at(7200).toISOString()), at(7200), 'r-e1')],
      children,
      link: { instanceId, sourceInstanceId: 'src', sourceExecutionId: 'src-e1', fromEventId: 0, createdAt: at(10) },
    });

    test('createRerunInstance writes a RUNNING instance with its history, re-issued work and link', async () => {
      await createWithStatus(store, { src: 'COMPLETED' });
      await store.createRerunInstance(rerun());
      const row = (await store.getInstance('src-rerun-1'))!;
      expect(row).toMatchObject({ instanceId: 'src-rerun-1', name: 'wf', executionId: 'r-e1', status: 'RUNNING', input: '"in"', historyLength: 5, version: 0 });
      expect(row.waitingOn!.activities.map((a) => a.name)).toEqual(['act']);
      expect((await store.getHistory('src-rerun-1')).map((e) => e.kind)).toEqual(prefix.map((e) => e.kind));
      const [claimed] = await store.claimActivityTasks('w1', 10, LEASE, at(10));
      expect(claimed).toMatchObject({ instanceId: 'src-rerun-1', taskId: 0, name: 'act', executionId: 'r-e1' });
      expect(await store.claimWorkflowWorkItems('w1', 10, LEASE, at(10))).toEqual([]);
      const [timer] = await store.claimWorkflowWorkItems('w1', 10, LEASE, at(7200));
      expect(timer.messages.map((m) => m.event.kind)).toEqual(['TimerFired']);
      expect(await store.getRerunLinks('src')).toEqual({ reruns: [rerun().link] });
      expect(await store.getRerunLinks('src-rerun-1')).toEqual({ source: rerun().link, reruns: [] });
    });

    test('re-created children start, and the source and its other rows are left as they were', async () => {
      await createWithStatus(store, { src: 'COMPLETED' });
      const before = await store.getHistory('src');
      const child = newInstance('src-rerun-1-child-2', { parentInstanceId: 'src-rerun-1', parentTaskId: 2, createdAt: at(10) });
      await store.createRerunInstance(rerun('src-rerun-1', [child]));
      expect((await store.getInstance('src-rerun-1-child-2'))!.parentInstanceId).toBe('src-rerun-1');
      expect((await claimAll(store, at(10))).has('src-rerun-1-child-2')).toBe(true);
      expect(await store.getHistory('src')).toEqual(before);
      expect((await store.getInstance('src'))!.status).toBe('COMPLETED');
    });

    test('an ID in use, even by a terminal instance, is refused with nothing written', async () => {
      await createWithStatus(store, { src: 'COMPLETED', taken: 'FAILED' });
      await expect(store.createRerunInstance(rerun('taken'))).rejects.toMatchObject({ name: 'InstanceAlreadyExistsError', instanceId: 'taken' });
      expect((await store.getInstance('taken'))!.status).toBe('FAILED');
      expect(await store.getRerunLinks('src')).toEqual({ reruns: [] });
      expect(await store.claimActivityTasks('w1', 10, LEASE, at(10))).toEqual([]);
    });

    test('purging the rerun deletes its link; the source keeps none', async () => {
      await createWithStatus(store, { src: 'COMPLETED' });
      await store.createRerunInstance(rerun());
      const [item] = await store.claimWorkflowWorkItems('w1', 1, LEASE, at(7200));
      await store.commitWorkflowStep('w1', stepOf(item, { discardPendingWork: true }, { status: 'COMPLETED', completedAt: at(7200) }));
      expect(await store.purgeInstance('src-rerun-1', true)).toBe(1);
      expect(await store.getRerunLinks('src')).toEqual({ reruns: [] });
    });
  });
}
