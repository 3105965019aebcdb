// The engine suite, part: purge and reuse of instance IDs.
import { expect, test } from 'vitest';
import type { WorkflowContext } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** Registers the engine tests on purge and reuse of instance IDs; `bed` holds the running test's engine. */
export function enginePurgeAndReuse(bed: EngineTestBed): void {
  test('purge deletes terminal instances and their children, refuses live ones', async () => {
    const { runtime, client, fixture } = bed;
    runtime.registerWorkflowWithName('leaf', function* () {
      return 1;
    });
    runtime.registerWorkflowWithName('branch', function* (ctx: WorkflowContext) {
      return (yield ctx.callChildWorkflow('leaf', undefined, 'leaf-1')) as unknown;
    });
    runtime.registerWorkflowWithName('blocked', function* (ctx: WorkflowContext) {
      yield ctx.waitForExternalEvent('x');
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('branch', undefined, 'branch-1');
    await client.waitForWorkflowCompletion(id, true, 10);
    expect(await client.purgeWorkflow(id)).toBe(2);
    expect(await client.getWorkflowState(id)).toBeUndefined();
    expect(await client.getWorkflowState('leaf-1')).toBeUndefined();
    expect(await fixture.store.getHistory(id)).toEqual([]);
    const live = await client.scheduleNewWorkflow('blocked');
    await expect(client.purgeWorkflow(live)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError' });
    await expect(client.purgeWorkflow('nope')).rejects.toMatchObject({ name: 'InstanceNotFoundError' });
  });

  test('an instance ID can be reused only after a terminal state', async () => {
    const { runtime, client, kinds } = bed;
    runtime.registerWorkflowWithName('blocked', function* (ctx: WorkflowContext) {
      return (yield ctx.waitForExternalEvent('x')) as unknown;
    });
    await runtime.start();
    await client.scheduleNewWorkflow('blocked', 'first', 'reused');
    await expect(client.scheduleNewWorkflow('blocked', 'second', 'reused')).rejects.toMatchObject({ name: 'InstanceAlreadyExistsError' });
    expect((await client.getWorkflowState('reused'))?.serializedInput).toBe('"first"');
    await client.raiseEvent('reused', 'x', 1);
    await client.waitForWorkflowCompletion('reused', true, 10);
    await client.scheduleNewWorkflow('blocked', 'second', 'reused');
    expect((await client.getWorkflowState('reused'))?.serializedInput).toBe('"second"');
    expect((await kinds('reused')).filter((k) => k === 'ExecutionStarted').length).toBeLessThanOrEqual(1);
  });
}
