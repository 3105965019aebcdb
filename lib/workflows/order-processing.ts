import type { Task, Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject, numberField } from './input';
import { APPROVERS_GROUP } from './purchase-order';
import type { InventoryStore } from './inventory';

/** OrderProcessingWorkflow's input (the .NET quickstart's OrderPayload); the Python quickstart's snake_case names are accepted too. */
export interface OrderPayload {
  Name: string;
  Quantity: number;
  TotalCost: number;
  /** How long a manager has to answer manager_approval (default 200 s). */
  ApprovalTimeoutSeconds?: number;
}

/** The workflow's output. */
export interface OrderResult {
  Processed: boolean;
}

/** The manager_approval payload (`true`/`false` alone is accepted too). */
export interface ManagerApproval {
  approval: boolean;
  comment?: string;
  /** Who decided (set by the approvals inbox). */
  approver?: string;
}

interface InventoryRequest {
  RequestId: string;
  ItemName: string;
  Quantity: number;
}

interface InventoryResult {
  Success: boolean;
  Available?: number;
}

interface PaymentRequest {
  RequestId: string;
  ItemBeingPurchased: string;
  Quantity: number;
  Amount: number;
}

/** Orders above this total need a manager's approval. */
export const APPROVAL_THRESHOLD = 50_000;
const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 200;

/** Reads either payload spelling (a JSON string of it too, as the Python quickstart sends). */
export function parseOrderPayload(input: unknown): Required<OrderPayload> {
  const value = typeof input === 'string' ? JSON.parse(input) : input;
  const record = inputObject(value, 'OrderProcessingWorkflow', '{"Name": "…", "Quantity": n, "TotalCost": n}');
  const pick = (pascal: string, snake: string) => (record[pascal] !== undefined ? pascal : snake);
  const name = record.Name ?? record.item_name;
  if (typeof name !== 'string' || !name) throw new TypeError("'Name' (or 'item_name') must be a non-empty string");
  return {
    Name: name,
    Quantity: numberField(record, pick('Quantity', 'quantity'), undefined, 1),
    TotalCost: numberField(record, pick('TotalCost', 'total_cost')),
    ApprovalTimeoutSeconds: numberField(record, pick('ApprovalTimeoutSeconds', 'approval_timeout_seconds'), DEFAULT_APPROVAL_TIMEOUT_SECONDS),
  };
}

function approvalOf(payload: unknown): ManagerApproval {
  if (typeof payload === 'boolean') return { approval: payload };
  const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<ManagerApproval>;
  return {
    approval: record.approval === true,
    comment: typeof record.comment === 'string' ? record.comment : undefined,
    approver: typeof record.approver === 'string' ? record.approver : undefined,
  };
}

/** The quickstart's activities, over an inventory. */
export function orderProcessingActivities(inventory: InventoryStore): Record<string, WorkflowActivity> {
  const notify: WorkflowActivity<{ Message: string }, void> = async (ctx, { Message }) => {
    await ctx.log(Message);
  };
  const reserveInventory: WorkflowActivity<InventoryRequest, InventoryResult> = async (ctx, req) => {
    await ctx.log(`Reserving inventory for order ${req.RequestId} of ${req.Quantity} ${req.ItemName}`);
    const item = await inventory.get(req.ItemName);
    if (!item) {
      await ctx.log(`There is no ${req.ItemName} in the inventory`);
      return { Success: false };
    }
    await ctx.log(`There are: ${item.quantity}, ${item.name} available for purchase`);
    return { Success: item.quantity >= req.Quantity, Available: item.quantity };
  };
  const requestApproval: WorkflowActivity<Required<OrderPayload>, void> = async (ctx, order) => {
    await ctx.log(`Requesting approval for payment of ${order.TotalCost} USD for ${order.Quantity} ${order.Name}`);
  };
  const processPayment: WorkflowActivity<PaymentRequest, void> = async (ctx, req) => {
    await ctx.log(`Processing payment: ${req.RequestId} for ${req.Quantity} ${req.ItemBeingPurchased} at $${req.Amount}`);
    await ctx.log(`Payment for request ID '${req.RequestId}' processed successfully`);
  };
  const updateInventory: WorkflowActivity<PaymentRequest, void> = async (ctx, req) => {
    await ctx.log(`Checking Inventory for: Order# ${req.RequestId} for ${req.Quantity} ${req.ItemBeingPurchased}`);
    const change = await inventory.take(req.ItemBeingPurchased, req.Quantity);
    if (!change.ok) {
      const have = change.reason === 'insufficient' ? `only ${change.item.quantity} left` : 'unknown item';
      throw new Error(`Not enough '${req.ItemBeingPurchased}' in stock for order ${req.RequestId} (${have})`);
    }
    await ctx.log(`There are now: ${change.item.quantity} ${change.item.name} left in stock`);
  };
  return {
    NotifyActivity: notify,
    ReserveInventoryActivity: reserveInventory,
    RequestApprovalActivity: requestApproval,
    ProcessPaymentActivity: processPayment,
    UpdateInventoryActivity: updateInventory,
  };
}

/**
 * OrderProcessingWorkflow: the Dapr quickstart. Notify, check stock, ask a manager above $50,000
 * (manager_approval, raced against a timer), take payment, update stock (refund notice when that
 * fails), notify. Returns {"Processed": true/false}.
 */
export const orderProcessingWorkflow: Workflow<OrderPayload, OrderResult> = function* (ctx, input) {
  const order = parseOrderPayload(input);
  const orderId = ctx.getWorkflowInstanceId();
  const notify = (message: string) => ctx.callActivity('NotifyActivity', { Message: message });

  yield notify(`Received order ${orderId} for ${order.Quantity} ${order.Name} at $${order.TotalCost}`);
  const request: InventoryRequest = { RequestId: orderId, ItemName: order.Name, Quantity: order.Quantity };
  const result = (yield ctx.callActivity('ReserveInventoryActivity', request)) as InventoryResult;
  if (!result.Success) {
    yield notify(`Insufficient inventory for ${order.Name}`);
    return { Processed: false };
  }

  if (order.TotalCost > APPROVAL_THRESHOLD) {
    yield ctx.callActivity('RequestApprovalActivity', order);
    yield ctx.requestApproval({
      eventName: 'manager_approval',
      title: `Order ${orderId}: ${order.Quantity} ${order.Name} for $${order.TotalCost}`,
      details: `Orders over $${APPROVAL_THRESHOLD} need a manager's approval; it is cancelled after ${order.ApprovalTimeoutSeconds} s.`,
      assignees: { groups: [APPROVERS_GROUP] },
      dueInSeconds: Math.max(1, Math.floor(order.ApprovalTimeoutSeconds / 2)),
      approvePayload: { approval: true },
      rejectPayload: { approval: false },
    });
    const approvalTask = ctx.waitForExternalEvent('manager_approval');
    const timeoutEvent = ctx.createTimer(order.ApprovalTimeoutSeconds);
    const winner = (yield ctx.whenAny([approvalTask, timeoutEvent])) as Task;
    if (winner === timeoutEvent) {
      yield notify(`Payment for order ${orderId} has been cancelled due to timeout!`);
      return { Processed: false };
    }
    const { approval, comment, approver } = approvalOf(approvalTask.result);
    const note = `${approver ? ` By ${approver}.` : ''}${comment ? ` Comment: ${comment}` : ''}`;
    yield notify(`Payment for order ${orderId} has been ${approval ? 'approved' : 'rejected'}!${note}`);
    if (!approval) return { Processed: false };
  }

  const payment: PaymentRequest = { RequestId: orderId, ItemBeingPurchased: order.Name, Quantity: order.Quantity, Amount: order.TotalCost };
  yield ctx.callActivity('ProcessPaymentActivity', payment);
  try {
    yield ctx.callActivity('UpdateInventoryActivity', payment);
  } catch {
    yield notify(`Order ${orderId} Failed! You are now getting a refund`);
    return { Processed: false };
  }
  yield notify(`Order ${orderId} has completed!`);
  return { Processed: true };
};

/** The quickstart demo. */
export const orderProcessing: BuiltInWorkflow = {
  name: 'OrderProcessingWorkflow',
  workflow: orderProcessingWorkflow,
  demo: { title: 'Order processing (the quickstart)', pattern: 'Quickstart: order processing' },
  summary:
    "The Dapr quickstart: notify, check the stock (kept in the database), take payment, update the stock, notify. Orders over $50,000 wait for a manager's manager_approval event, or are cancelled after ApprovalTimeoutSeconds (200 s by default).",
  watch:
    'Watch the NotifyActivity logs in the side panel tell the story; for a big order, the timeline pauses on manager_approval until you approve or reject it in the approvals inbox.',
  exampleInput: { Name: 'Cars', Quantity: 10, TotalCost: 150000, ApprovalTimeoutSeconds: 200 },
  events: [
    {
      name: 'manager_approval',
      description: "A manager's decision on an order over $50,000.",
      approvePayload: { approval: true },
      rejectPayload: { approval: false },
      commentField: 'comment',
    },
  ],
  activities: ({ inventory }) => orderProcessingActivities(inventory),
};
