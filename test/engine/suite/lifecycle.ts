// The engine suite, part: the instance lifecycle: continue-as-new, suspend and resume, terminate, startAt.
import { expect, test } from 'vitest';
import type { WorkflowContext } from '@/lib/engine';
import { type EngineTestBed, until } from './bed';

/** Registers the engine tests on the instance lifecycle: continue-as-new, suspend and resume, terminate, startAt; `bed` holds the running test's engine. */
export function engineLifecycle(bed: EngineTestBed): void {
  test('continueAsNew restarts with fresh history and carries unconsumed events when asked', async () => {
    const { runtime, client, history } = bed;
    runtime.registerWorkflowWithName('counter', function* (ctx: WorkflowContext, n: number) {
      if (n < 3) {
        ctx.setCustomStatus(`round ${n}`);
        yield ctx.callActivity('echo', n);
        ctx.continueAsNew(n + 1, true);
        return;
      }
      const carried = (yield ctx.waitForExternalEvent('note')) as unknown;
      return { n, carried };
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('counter', 0);
    await client.raiseEvent(id, 'note', 'kept');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ n: 3, carried: 'kept' });
    expect(state?.serializedInput).toBe('3');
    const events = await history(id);
    const started = events.find((e) => e.kind === 'ExecutionStarted') as { generation?: number };
    expect(started.generation).toBe(3);
    expect(events.filter((e) => e.kind === 'TaskScheduled')).toHaveLength(0);
  });

  test('suspend buffers events and takes no steps until resume', async () => {
    const { runtime, client, calls, kinds, statusOf } = bed;
    runtime.registerWorkflowWithName('pausable', function* (ctx: WorkflowContext) {
      const a = (yield ctx.waitForExternalEvent('go')) as unknown;
      const b = (yield ctx.callActivity('echo', a)) as unknown;
      return b;
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('pausable');
    await until(async () => (await statusOf(id)) === 'RUNNING', 'RUNNING');
    await client.suspendWorkflow(id, 'maintenance');
    await until(async () => (await statusOf(id)) === 'SUSPENDED', 'SUSPENDED');
    await client.raiseEvent(id, 'go', 'x');
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toEqual([]);
    expect(await statusOf(id)).toBe('SUSPENDED');
    await expect(client.suspendWorkflow(id)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError' });
    await client.resumeWorkflow(id);
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe('"x"');
    const events = await kinds(id);
    expect(events.indexOf('ExecutionSuspended')).toBeLessThan(events.indexOf('EventRaised'));
    expect(events.indexOf('EventRaised')).toBeLessThan(events.indexOf('ExecutionResumed'));
  });

  test('two pauses (and two resumes) that both passed the status check record one ExecutionSuspended (one ExecutionResumed)', async () => {
    const { runtime, client, kinds, statusOf } = bed;
    runtime.registerWorkflowWithName('pausedTwice', function* (ctx: WorkflowContext) {
      return (yield ctx.waitForExternalEvent('go')) as unknown;
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('pausedTwice');
    await until(async () => (await statusOf(id)) === 'RUNNING', 'RUNNING');
    // With no worker running, both requests are accepted before either is applied: the race, made certain.
    await runtime.stop();
    await Promise.all([client.suspendWorkflow(id, 'first'), client.suspendWorkflow(id, 'second')]);
    await runtime.start();
    await until(async () => (await statusOf(id)) === 'SUSPENDED', 'SUSPENDED');
    await runtime.stop();
    await Promise.all([client.resumeWorkflow(id), client.resumeWorkflow(id)]);
    await runtime.start();
    await until(async () => (await statusOf(id)) === 'RUNNING', 'RUNNING again');
    await client.raiseEvent(id, 'go', 'on');
    expect((await client.waitForWorkflowCompletion(id, true, 10))?.serializedOutput).toBe('"on"');
    const events = await kinds(id);
    expect(events.filter((k) => k === 'ExecutionSuspended')).toHaveLength(1);
    expect(events.filter((k) => k === 'ExecutionResumed')).toHaveLength(1);
  });

  test('terminate ends running, suspended and pending instances, and children recursively', async () => {
    const { runtime, client, statusOf } = bed;
    runtime.registerWorkflowWithName('waiter', function* (ctx: WorkflowContext) {
      yield ctx.waitForExternalEvent('never');
    });
    runtime.registerWorkflowWithName('tree', function* (ctx: WorkflowContext) {
      yield ctx.whenAll([ctx.callChildWorkflow('waiter', undefined, 'kid-1'), ctx.callChildWorkflow('tree-mid', undefined, 'kid-2')]);
    });
    runtime.registerWorkflowWithName('tree-mid', function* (ctx: WorkflowContext) {
      yield ctx.callChildWorkflow('waiter', undefined, 'grandkid');
    });
    await runtime.start();
    const root = await client.scheduleNewWorkflow('tree', undefined, 'root');
    await until(async () => (await statusOf('grandkid')) === 'RUNNING', 'grandchild running');
    await client.terminateWorkflow(root, 'stopped by test');
    for (const id of ['root', 'kid-1', 'kid-2', 'grandkid']) {
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.runtimeStatus, id).toBe('TERMINATED');
    }
    expect((await client.getWorkflowState('root'))?.serializedOutput).toBe('"stopped by test"');

    const paused = await client.scheduleNewWorkflow('waiter');
    await until(async () => (await statusOf(paused)) === 'RUNNING', 'RUNNING');
    await client.suspendWorkflow(paused);
    await until(async () => (await statusOf(paused)) === 'SUSPENDED', 'SUSPENDED');
    await client.terminateWorkflow(paused);
    expect((await client.waitForWorkflowCompletion(paused, true, 10))?.runtimeStatus).toBe('TERMINATED');

    const later = await client.scheduleNewWorkflow('waiter', undefined, undefined, new Date(Date.now() + 60_000));
    expect(await statusOf(later)).toBe('PENDING');
    await client.terminateWorkflow(later);
    expect((await client.waitForWorkflowCompletion(later, true, 10))?.runtimeStatus).toBe('TERMINATED');
    await expect(client.terminateWorkflow(later)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError' });
  });

  test('startAt keeps an instance PENDING until then', async () => {
    const { runtime, client, statusOf } = bed;
    runtime.registerWorkflowWithName('scheduled', function* (ctx: WorkflowContext) {
      return ctx.getCurrentUtcDateTime().toISOString();
    });
    await runtime.start();
    const startAt = new Date(Date.now() + 400);
    const id = await client.scheduleNewWorkflow('scheduled', undefined, undefined, startAt);
    expect(await statusOf(id)).toBe('PENDING');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(Date.parse(JSON.parse(state!.serializedOutput!))).toBeGreaterThanOrEqual(startAt.getTime());
  });
}
