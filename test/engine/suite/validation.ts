// The engine suite, part: bad requests and payload limits.
import { expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowContext } from '@/lib/engine';
import type { EngineTestBed } from './bed';

/** Registers the engine tests on bad requests and payload limits; `bed` holds the running test's engine. */
export function engineValidation(bed: EngineTestBed): void {
  test('bad requests are refused with named errors and create nothing', async () => {
    const { runtime, client, fixture } = bed;
    await runtime.start();
    await expect(client.scheduleNewWorkflow('missing')).rejects.toMatchObject({ name: 'UnknownWorkflowError' });
    runtime.registerWorkflowWithName('ok', function* () {
      return 1;
    });
    await expect(client.scheduleNewWorkflow('ok', undefined, 'x'.repeat(65))).rejects.toMatchObject({ name: 'InvalidInstanceIdError', reason: 'too_long' });
    await expect(client.scheduleNewWorkflow('ok', undefined, 'bad id!')).rejects.toMatchObject({ name: 'InvalidInstanceIdError', reason: 'invalid_characters' });
    await expect(client.raiseEvent('nobody', 'x')).rejects.toMatchObject({ name: 'InstanceNotFoundError' });
    const page = await fixture.store.listInstances({ limit: 10 });
    expect(page.items).toEqual([]);
  });

  test('payloads over the limit are refused; an oversized activity result fails its task', async () => {
    let { runtime, client } = bed;
    const { fixture, executorCacheSize } = bed;
    await runtime.stop();
    runtime = bed.runtime = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, maxPayloadBytes: 1_000, executorCacheSize, log: () => undefined });
    runtime.registerActivityWithName('huge', () => 'x'.repeat(2_000));
    runtime.registerWorkflowWithName('big', function* (ctx: WorkflowContext) {
      try {
        yield ctx.callActivity('huge');
      } catch (e) {
        return (e as Error).message;
      }
    });
    client = bed.client = runtime.client();
    await runtime.start();
    await expect(client.scheduleNewWorkflow('big', 'y'.repeat(2_000))).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
    const id = await client.scheduleNewWorkflow('big');
    const state = await client.waitForWorkflowCompletion(id, true, 10);
    expect(state?.serializedOutput).toMatch(/result of activity 'huge' is 200\d bytes; the limit is 1000 bytes/);
    await expect(client.raiseEvent(id, 'e', 'z'.repeat(2_000))).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
  });
}
