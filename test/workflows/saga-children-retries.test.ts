import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputOf, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

describe('PaymentProcessingWorkflow', () => {
  it('runs every step when nothing fails', async () => {
    const state = await h.run('PaymentProcessingWorkflow', { orderId: 'o-1' });
    expect(outputOf(state)).toBe('Order processed successfully: o-1');
    expect(await h.scheduledActivities(state.instanceId)).toEqual(['ReserveInventory', 'ProcessPayment', 'ShipOrder', 'SendConfirmation']);
  });

  it.each([
    ['ReserveInventory', ['ReserveInventory']],
    ['ProcessPayment', ['ReserveInventory', 'ProcessPayment', 'ReleaseInventory']],
    ['ShipOrder', ['ReserveInventory', 'ProcessPayment', 'ShipOrder', 'RefundPayment', 'ReleaseInventory']],
    ['SendConfirmation', ['ReserveInventory', 'ProcessPayment', 'ShipOrder', 'SendConfirmation', 'CancelShipment', 'RefundPayment', 'ReleaseInventory']],
  ])('when %s fails, compensates the completed steps in reverse order', async (failAt, expected) => {
    const state = await h.run('PaymentProcessingWorkflow', { orderId: 'o-2', failAt });
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toBe('Order processing failed, compensation applied');
    expect(await h.scheduledActivities(state.instanceId)).toEqual(expected);
  });

  it('logs each compensation with the ID of what it undoes', async () => {
    const state = await h.run('PaymentProcessingWorkflow', { orderId: 'o-3', failAt: 'ShipOrder' });
    expect(await h.logs(state.instanceId)).toEqual([
      'Reserved inventory for order o-3',
      'Processed payment for order o-3',
      'ShipOrder failed for order o-3 (failAt)',
      'Refunded payment: payment_o-3',
      'Released inventory reservation: reservation_o-3',
    ]);
    expect(state.customStatus).toBe('compensating: activity \'ShipOrder\' failed: ShipOrder failed for order o-3');
  });
});

describe('ParentWorkflow', () => {
  it('runs N children in parallel and combines their outputs', async () => {
    const started = Date.now();
    const state = await h.run('ParentWorkflow', { children: 3, childSeconds: 0.3 });
    expect(Date.now() - started).toBeLessThan(900); // in parallel, not 3 × 0.3 s one after another
    expect(outputOf(state)).toEqual(['Child 1 done', 'Child 2 done', 'Child 3 done']);
    const children = await h.store.listInstances({ parentInstanceId: state.instanceId, limit: 10 });
    expect(children.items.map((c) => [c.name, c.status])).toEqual([
      ['ChildWorkflow', 'COMPLETED'],
      ['ChildWorkflow', 'COMPLETED'],
      ['ChildWorkflow', 'COMPLETED'],
    ]);
  });

  it('terminating the parent terminates its running children', async () => {
    const id = await h.client.scheduleNewWorkflow('ParentWorkflow', { children: 3, childSeconds: 60 });
    await expect
      .poll(async () => (await h.store.listInstances({ parentInstanceId: id, statuses: ['RUNNING'], limit: 10 })).items.length, { timeout: 10_000 })
      .toBe(3);
    await h.client.terminateWorkflow(id);
    expect((await h.client.waitForWorkflowCompletion(id, true, 10))!.runtimeStatus).toBe('TERMINATED');
    await expect
      .poll(async () => (await h.store.listInstances({ parentInstanceId: id, limit: 10 })).items.map((c) => c.status), { timeout: 10_000 })
      .toEqual(['TERMINATED', 'TERMINATED', 'TERMINATED']);
  });

  it('accepts a bare number of children', async () => {
    const id = await h.client.scheduleNewWorkflow('ParentWorkflow', 2);
    await expect
      .poll(async () => (await h.store.listInstances({ parentInstanceId: id, statuses: ['RUNNING'], limit: 10 })).items.length, { timeout: 10_000 })
      .toBe(2);
    await h.client.terminateWorkflow(id);
  });
});

describe('FlakyWorkflow', () => {
  it('retries with backoff until the activity succeeds', async () => {
    const state = await h.run('FlakyWorkflow', { failures: 2, retryIntervalSeconds: 0.05 });
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(outputOf(state)).toBe('Succeeded on attempt 3');
    const history = await h.store.getHistory(state.instanceId);
    const attempts = history.flatMap((e) => (e.kind === 'TaskScheduled' ? [e.attempt ?? 1] : []));
    expect(attempts).toEqual([1, 2, 3]);
    const retryTimers = history.flatMap((e) => (e.kind === 'TimerCreated' && e.purpose === 'retry' ? [Date.parse(e.fireAt) - Date.parse(e.timestamp)] : []));
    expect(retryTimers).toEqual([50, 100]); // exponential backoff: 0.05 s, then twice that
    expect(await h.logs(state.instanceId)).toEqual(['Attempt 1 failed (simulated outage)', 'Attempt 2 failed (simulated outage)', 'Attempt 3 succeeded']);
  });

  it('fails the instance once the attempts run out', async () => {
    const state = await h.run('FlakyWorkflow', { failures: 3, maxAttempts: 3, retryIntervalSeconds: 0.02 });
    expect(state.runtimeStatus).toBe('FAILED');
    expect(state.workflowFailureDetails?.message).toContain('attempt 3 failed (simulated outage)');
  });
});
