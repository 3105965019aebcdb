import type { Task, Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject, numberField } from './input';

/** PurchaseOrderWorkflow's input; timeoutSeconds shortens the 24-hour approval window. */
export interface Order {
  cost: number;
  product: string;
  quantity: number;
  timeoutSeconds?: number;
}

/** The approval_received payload: who decided, and `approved: false` for a rejection. */
export interface Approval {
  approver?: string;
  approved?: boolean;
}

const DAY_SECONDS = 24 * 60 * 60;
/** The group the demos assign their approvals to (the demo approver is in it). */
export const APPROVERS_GROUP = 'approvers';

function describeOrder(order: Order): string {
  return `${order.product} (${order.quantity}) for $${order.cost}`;
}

/** Activity `send_approval_request`: asks a manager to approve. */
export const sendApprovalRequest: WorkflowActivity<Order, void> = async (ctx, order) => {
  await ctx.log(`*** Sending approval request for order: ${describeOrder(order)}`);
};

/** Activity `place_order`: places the approved order. */
export const placeOrder: WorkflowActivity<Order, void> = async (ctx, order) => {
  await ctx.log(`*** Placing order: ${describeOrder(order)}`);
};

function parseOrder(input: unknown): Order & { timeoutSeconds: number } {
  const record = inputObject(input, 'PurchaseOrderWorkflow', '{"cost": n, "product": "…", "quantity": n}');
  return {
    cost: numberField(record, 'cost'),
    product: typeof record.product === 'string' ? record.product : 'item',
    quantity: numberField(record, 'quantity', 1),
    timeoutSeconds: numberField(record, 'timeoutSeconds', DAY_SECONDS),
  };
}

/**
 * PurchaseOrderWorkflow: orders under $1000 are auto-approved; others wait for `approval_received`
 * raced against a timer. Returns "Auto-approved", "Approved by '<approver>'" or "Cancelled" (timeout or rejection).
 */
export const purchaseOrderWorkflow: Workflow<Order, string> = function* (ctx, input) {
  const order = parseOrder(input);
  // Orders under $1000 are auto-approved
  if (order.cost < 1000) return 'Auto-approved';
  // Orders of $1000 or more require manager approval: a request in the approvals inbox for the "approvers" group,
  // due halfway through the approval window.
  yield ctx.callActivity('send_approval_request', order);
  yield ctx.requestApproval({
    eventName: 'approval_received',
    title: `Purchase order: ${describeOrder(order)}`,
    details: `Approve to place the order; reject, or let ${order.timeoutSeconds} s pass, to cancel it.`,
    assignees: { groups: [APPROVERS_GROUP] },
    dueInSeconds: Math.max(1, Math.floor(order.timeoutSeconds / 2)),
  });
  // Approvals must be received within 24 hours (or timeoutSeconds) or they are cancelled.
  const approvalEvent = ctx.waitForExternalEvent<Approval>('approval_received');
  const timeoutEvent = ctx.createTimer(order.timeoutSeconds);
  const winner = (yield ctx.whenAny([approvalEvent, timeoutEvent])) as Task;
  if (winner === timeoutEvent) return 'Cancelled';
  const approval = approvalEvent.result ?? {};
  if (approval.approved === false) return 'Cancelled';
  yield ctx.callActivity('place_order', order);
  return `Approved by '${approval.approver || 'anonymous'}'`;
};

/** The external-system-interaction (human approval) demo. */
export const purchaseOrder: BuiltInWorkflow = {
  name: 'PurchaseOrderWorkflow',
  workflow: purchaseOrderWorkflow,
  demo: { title: 'Purchase order approval', pattern: 'External system interaction' },
  summary:
    'Orders under $1000 are auto-approved. Bigger ones send an approval request and then wait for the approval_received event, raced against a timer (24 hours, or timeoutSeconds): approve to place the order, reject or let the timer fire to cancel it.',
  watch:
    'Watch the instance wait on the approval_received event and the timer side by side; approve or reject it from the approvals inbox and see which one wins.',
  exampleInput: { cost: 2500, product: 'Standing desks', quantity: 5, timeoutSeconds: 300 },
  events: [
    {
      name: 'approval_received',
      description: "The manager's decision (raised by the approvals inbox with who decided, or by hand).",
      approvePayload: { approved: true },
      rejectPayload: { approved: false },
      commentField: 'comment',
    },
  ],
  activities: () => ({ send_approval_request: sendApprovalRequest, place_order: placeOrder }),
};
