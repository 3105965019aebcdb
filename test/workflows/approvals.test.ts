import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_WORKFLOWS } from '@/lib/workflows';
import { outputOf, startHarness, waitingForEvent, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

const declared = (workflow: string, event: string) =>
  BUILT_IN_WORKFLOWS.find((w) => w.name === workflow)!.events!.find((e) => e.name === event)!;

describe('PurchaseOrderWorkflow', () => {
  it('auto-approves orders under $1000', async () => {
    const state = await h.run('PurchaseOrderWorkflow', { cost: 999, product: 'Chairs', quantity: 3 });
    expect(outputOf(state)).toBe('Auto-approved');
    expect(await h.scheduledActivities(state.instanceId)).toEqual([]);
  });

  it('places the order when approval_received arrives before the timer', async () => {
    const id = await h.client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 2500, product: 'Desks', quantity: 5 });
    await waitingForEvent(h, id, 'approval_received');
    await h.client.raiseEvent(id, 'approval_received', { approver: 'Jane Doe' });
    const state = await h.client.waitForWorkflowCompletion(id, true, 10);
    expect(outputOf(state!)).toBe("Approved by 'Jane Doe'");
    expect(await h.scheduledActivities(id)).toEqual(['send_approval_request', 'flowdeck.requestApproval', 'place_order']);
  });

  it('cancels when the timer (shortened by timeoutSeconds) fires first', async () => {
    const state = await h.run('PurchaseOrderWorkflow', { cost: 5000, product: 'Laptops', quantity: 2, timeoutSeconds: 0.2 });
    expect(outputOf(state)).toBe('Cancelled');
    expect(await h.scheduledActivities(state.instanceId)).toEqual(['send_approval_request', 'flowdeck.requestApproval']);
  });

  it("cancels on the dashboard's reject payload and approves with its approve payload and comment", async () => {
    const event = declared('PurchaseOrderWorkflow', 'approval_received');
    const rejected = await h.client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 1000, product: 'Desks', quantity: 1 });
    const approved = await h.client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 1000, product: 'Desks', quantity: 1 });
    await waitingForEvent(h, rejected, 'approval_received');
    await waitingForEvent(h, approved, 'approval_received');
    await h.client.raiseEvent(rejected, event.name, event.rejectPayload);
    await h.client.raiseEvent(approved, event.name, { ...(event.approvePayload as object), approver: 'Ana', [event.commentField!]: 'fine' });
    expect(outputOf((await h.client.waitForWorkflowCompletion(rejected, true, 10))!)).toBe('Cancelled');
    expect(outputOf((await h.client.waitForWorkflowCompletion(approved, true, 10))!)).toBe("Approved by 'Ana'");
  });
});

describe('OrderProcessingWorkflow', () => {
  it('runs the .NET quickstart: an order under the threshold goes through four activities', async () => {
    const state = await h.run('OrderProcessingWorkflow', { Name: 'Cars', Quantity: 10, TotalCost: 15000 });
    expect(state.runtimeStatus).toBe('COMPLETED');
    expect(state.serializedOutput).toBe('{"Processed":true}');
    expect(await h.scheduledActivities(state.instanceId)).toEqual([
      'NotifyActivity',
      'ReserveInventoryActivity',
      'ProcessPaymentActivity',
      'UpdateInventoryActivity',
      'NotifyActivity',
    ]);
    const id = state.instanceId;
    expect(await h.logs(id)).toEqual([
      `Received order ${id} for 10 Cars at $15000`,
      `Reserving inventory for order ${id} of 10 Cars`,
      'There are: 100, Cars available for purchase',
      `Processing payment: ${id} for 10 Cars at $15000`,
      `Payment for request ID '${id}' processed successfully`,
      `Checking Inventory for: Order# ${id} for 10 Cars`,
      'There are now: 90 Cars left in stock',
      `Order ${id} has completed!`,
    ]);
    expect((await h.inventory.get('Cars'))!.quantity).toBe(90);
  });

  it('runs the Python quickstart: over $50,000 waits for manager_approval, then completes', async () => {
    const id = await h.client.scheduleNewWorkflow('OrderProcessingWorkflow', { item_name: 'cars', quantity: 10, total_cost: 150000 });
    await waitingForEvent(h, id, 'manager_approval');
    expect(await h.scheduledActivities(id)).toEqual(['NotifyActivity', 'ReserveInventoryActivity', 'RequestApprovalActivity', 'flowdeck.requestApproval']);
    await h.client.raiseEvent(id, 'manager_approval', { approval: true });
    const state = await h.client.waitForWorkflowCompletion(id, true, 10);
    expect(outputOf(state!)).toEqual({ Processed: true });
    expect(await h.logs(id)).toContain(`Payment for order ${id} has been approved!`);
    expect((await h.inventory.get('Cars'))!.quantity).toBe(90);
  });

  it('is not processed when the manager rejects (with a comment) or does not answer in time', async () => {
    const event = declared('OrderProcessingWorkflow', 'manager_approval');
    const rejected = await h.client.scheduleNewWorkflow('OrderProcessingWorkflow', { Name: 'Cars', Quantity: 10, TotalCost: 150000 });
    await waitingForEvent(h, rejected, 'manager_approval');
    await h.client.raiseEvent(rejected, event.name, { ...(event.rejectPayload as object), [event.commentField!]: 'over budget' });
    expect(outputOf((await h.client.waitForWorkflowCompletion(rejected, true, 10))!)).toEqual({ Processed: false });
    expect(await h.logs(rejected)).toContain(`Payment for order ${rejected} has been rejected! Comment: over budget`);

    const timedOut = await h.run('OrderProcessingWorkflow', { Name: 'Cars', Quantity: 10, TotalCost: 150000, ApprovalTimeoutSeconds: 0.2 });
    expect(outputOf(timedOut)).toEqual({ Processed: false });
    expect(await h.logs(timedOut.instanceId)).toContain(`Payment for order ${timedOut.instanceId} has been cancelled due to timeout!`);
    expect((await h.inventory.get('Cars'))!.quantity).toBe(100);
  });

  it('accepts the Python quickstart sending its payload as a JSON string', async () => {
    const state = await h.run('OrderProcessingWorkflow', JSON.stringify({ item_name: 'paperclips', quantity: 2, total_cost: 10 }));
    expect(outputOf(state)).toEqual({ Processed: true });
    expect((await h.inventory.get('Paperclips'))!.quantity).toBe(98);
  });

  it('reports insufficient inventory without taking payment', async () => {
    const state = await h.run('OrderProcessingWorkflow', { Name: 'Paperclips', Quantity: 101, TotalCost: 505 });
    expect(outputOf(state)).toEqual({ Processed: false });
    expect(await h.scheduledActivities(state.instanceId)).toEqual(['NotifyActivity', 'ReserveInventoryActivity', 'NotifyActivity']);
    expect(await h.logs(state.instanceId)).toContain('Insufficient inventory for Paperclips');
  });

  it('takes the refund path when the stock is gone by the time it is updated', async () => {
    // A big order passes the stock check, then waits for approval while a small order buys the stock.
    const big = await h.client.scheduleNewWorkflow('OrderProcessingWorkflow', { Name: 'Computers', Quantity: 100, TotalCost: 50001 });
    await waitingForEvent(h, big, 'manager_approval');
    const small = await h.run('OrderProcessingWorkflow', { Name: 'Computers', Quantity: 1, TotalCost: 500 });
    expect(outputOf(small)).toEqual({ Processed: true });
    await h.client.raiseEvent(big, 'manager_approval', { approval: true });
    const state = await h.client.waitForWorkflowCompletion(big, true, 10);
    expect(outputOf(state!)).toEqual({ Processed: false });
    expect((await h.scheduledActivities(big)).slice(-3)).toEqual(['ProcessPaymentActivity', 'UpdateInventoryActivity', 'NotifyActivity']);
    expect(await h.logs(big)).toContain(`Order ${big} Failed! You are now getting a refund`);
    expect((await h.inventory.get('Computers'))!.quantity).toBe(99);
  });
});
