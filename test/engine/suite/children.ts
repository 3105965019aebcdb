// The engine suite, part: child workflows: their own instances, failures, retries.
import { expect, test } from 'vitest';
import type { WorkflowContext } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** Registers the engine tests on child workflows: their own instances, failures, retries; `bed` holds the running test's engine. */
export function engineChildren(bed: EngineTestBed): void {
  test('child workflows have their own IDs and history; failures propagate and can be caught', async () => {
    const { runtime, client, fixture } = bed;
    runtime.registerWorkflowWithName('child', function* (ctx: WorkflowContext, n: number) {
      if (n < 0) throw new Error('negative');
      return (yield ctx.callActivity('echo', n * 10)) as number;
    });
    runtime.registerWorkflowWithName('parent', function* (ctx: WorkflowContext) {
      const results = (yield ctx.whenAll([ctx.callChildWorkflow('child', 1), ctx.callSubWorkflow('child', 2, 'named-child')])) as number[];
      let caught = '';
      try {
        yield ctx.callChildWorkflow('child', -1);
      } catch (e) {
        caught = (e as Error).message;
      }
      return { results, caught };
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('parent', undefined, 'the-parent');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    const output = JSON.parse(state!.serializedOutput!);
    expect(output.results).toEqual([10, 20]);
    expect(output.caught).toContain('negative');
    const named = await fixture.store.getInstance('named-child');
    expect(named).toMatchObject({ status: 'COMPLETED', parentInstanceId: 'the-parent', name: 'child' });
    const children = await fixture.store.listInstances({ parentInstanceId: 'the-parent', limit: 10 });
    expect(children.items).toHaveLength(3);
    expect(children.items.filter((c) => c.status === 'FAILED')).toHaveLength(1);
  });

  test('a failed child workflow is retried under its retry policy as a new child instance', async () => {
    const { runtime, client, fixture, history } = bed;
    let calls = 0;
    runtime.registerActivityWithName('failsOnce', () => {
      if (++calls === 1) throw new Error('first child run fails');
      return 'second run ok';
    });
    runtime.registerWorkflowWithName('kid', function* (ctx: WorkflowContext) {
      return (yield ctx.callActivity('failsOnce')) as string;
    });
    runtime.registerWorkflowWithName('retrying-parent', function* (ctx: WorkflowContext) {
      return (yield ctx.callChildWorkflow('kid', undefined, undefined, {
        retryPolicy: { maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 20 },
      })) as string;
    });
    await runtime.start();
    const id = await client.scheduleNewWorkflow('retrying-parent', undefined, 'retry-parent');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe('"second run ok"');
    const created = (await history(id)).filter((e) => e.kind === 'SubOrchestrationInstanceCreated');
    expect(created.map((e) => (e as { attempt?: number }).attempt ?? 1)).toEqual([1, 2]);
    const kids = await fixture.store.listInstances({ parentInstanceId: 'retry-parent', order: 'asc', limit: 10 });
    expect(kids.items.map((k) => k.status).sort()).toEqual(['COMPLETED', 'FAILED']);
  });
}
