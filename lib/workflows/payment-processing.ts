import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject } from './input';

/** A forward step of the saga; `failAt` names the one to make fail. */
export type SagaStep = 'ReserveInventory' | 'ProcessPayment' | 'ShipOrder' | 'SendConfirmation';

/** PaymentProcessingWorkflow's input. */
export interface PaymentInput {
  orderId: string;
  failAt?: SagaStep;
}

const STEPS: readonly SagaStep[] = ['ReserveInventory', 'ProcessPayment', 'ShipOrder', 'SendConfirmation'];

/** Each step that can be undone, with the activity that undoes it. */
const COMPENSATIONS: Partial<Record<SagaStep, string>> = {
  ReserveInventory: 'ReleaseInventory',
  ProcessPayment: 'RefundPayment',
  ShipOrder: 'CancelShipment',
};

/** A forward activity: returns `<prefix>_<orderId>`, or throws when the input asks this step to fail. */
function forwardStep(step: SagaStep, prefix: string, done: string): WorkflowActivity<PaymentInput, string> {
  return async (ctx, { orderId, failAt }) => {
    if (failAt === step) {
      await ctx.log(`${step} failed for order ${orderId} (failAt)`);
      throw new Error(`${step} failed for order ${orderId}`);
    }
    await ctx.log(`${done} for order ${orderId}`);
    return `${prefix}_${orderId}`;
  };
}

/** A compensating activity: undoes what the id names. */
function compensation(done: string): WorkflowActivity<string, string> {
  return async (ctx, id) => {
    await ctx.log(`${done}: ${id}`);
    return `${done}: ${id}`;
  };
}

function parseInput(input: unknown): PaymentInput {
  const record = inputObject(input, 'PaymentProcessingWorkflow', '{"orderId": "…", "failAt"?: "ReserveInventory" | "ProcessPayment" | "ShipOrder"}');
  if (typeof record.orderId !== 'string' || !record.orderId) throw new TypeError("'orderId' must be a non-empty string");
  const failAt = record.failAt;
  if (failAt !== undefined && !STEPS.includes(failAt as SagaStep)) {
    throw new RangeError(`'failAt' must be one of ${STEPS.join(', ')}; it is ${JSON.stringify(failAt)}`);
  }
  return { orderId: record.orderId, failAt: failAt as SagaStep | undefined };
}

/**
 * PaymentProcessingWorkflow (saga): reserve inventory, process payment, ship, confirm. When a step
 * fails, the steps already done are compensated in reverse order (cancel shipment, refund, release).
 */
export const paymentProcessingWorkflow: Workflow<PaymentInput, string> = function* (ctx, input) {
  const order = parseInput(input);
  const compensations: { activity: string; id: string }[] = [];
  try {
    for (const step of STEPS) {
      const id = (yield ctx.callActivity(step, order)) as string;
      const undo = COMPENSATIONS[step];
      if (undo) compensations.push({ activity: undo, id });
    }
  } catch (error) {
    ctx.setCustomStatus(`compensating: ${error instanceof Error ? error.message : String(error)}`);
    for (const { activity, id } of compensations.reverse()) {
      try {
        yield ctx.callActivity(activity, id);
      } catch {
        // A failed compensation is in the history; the remaining ones still run.
      }
    }
    return 'Order processing failed, compensation applied';
  }
  return `Order processed successfully: ${order.orderId}`;
};

/** The compensation (saga) demo. */
export const paymentProcessing: BuiltInWorkflow = {
  name: 'PaymentProcessingWorkflow',
  workflow: paymentProcessingWorkflow,
  demo: { title: 'Compensation (saga)', pattern: 'Compensation (saga)' },
  summary:
    'Reserves inventory, processes the payment, ships the order and sends a confirmation. Set failAt to make a step fail: every step already done is then undone, last first (cancel shipment, refund payment, release inventory).',
  watch: 'Watch the failed activity turn red and the compensating activities follow it in reverse order of the steps they undo.',
  exampleInput: { orderId: 'order-1001', failAt: 'ShipOrder' },
  activities: () => ({
    ReserveInventory: forwardStep('ReserveInventory', 'reservation', 'Reserved inventory'),
    ProcessPayment: forwardStep('ProcessPayment', 'payment', 'Processed payment'),
    ShipOrder: forwardStep('ShipOrder', 'shipment', 'Shipped order'),
    SendConfirmation: forwardStep('SendConfirmation', 'confirmation', 'Sent confirmation'),
    ReleaseInventory: compensation('Released inventory reservation'),
    RefundPayment: compensation('Refunded payment'),
    CancelShipment: compensation('Cancelled shipment'),
  }),
};
