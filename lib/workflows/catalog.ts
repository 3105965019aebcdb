import { batchProcessing } from './batch-processing';
import type { BuiltInWorkflow, DemoPattern } from './built-in';
import { flaky } from './flaky';
import { helloSequence } from './hello-sequence';
import { orderProcessing } from './order-processing';
import { child, parentChild } from './parent-child';
import { paymentProcessing } from './payment-processing';
import { purchaseOrder } from './purchase-order';
import { reminder } from './reminder';
import { statusMonitor } from './status-monitor';
import { taskChain } from './task-chain';

/** Every built-in workflow, in the order of the seed documents' patterns. */
export const BUILT_IN_WORKFLOWS: readonly BuiltInWorkflow[] = [
  helloSequence,
  taskChain,
  batchProcessing,
  statusMonitor,
  reminder,
  purchaseOrder,
  orderProcessing,
  paymentProcessing,
  parentChild,
  child,
  flaky,
];

/** The dashboard's description of a built-in workflow: what it shows, then what to watch. */
export function describeWorkflow(workflow: BuiltInWorkflow): string {
  return `${workflow.summary} ${workflow.watch}`;
}

/** The cards of the /demos page, one per pattern. */
export const DEMO_PATTERNS: readonly DemoPattern[] = [
  ...BUILT_IN_WORKFLOWS.flatMap((w) =>
    w.demo
      ? [{ title: w.demo.title, pattern: w.demo.pattern, workflowName: w.name, summary: w.summary, watch: w.watch, exampleInput: w.exampleInput }]
      : [],
  ),
  {
    title: 'Async HTTP API',
    pattern: 'Async HTTP API',
    workflowName: orderProcessing.name,
    summary:
      'Any workflow is an asynchronous HTTP API without extra code: the start call answers 202 with the instance ID at once, and the client polls GET /v1.0/workflows/dapr/{instanceID} until the status is COMPLETED, FAILED or TERMINATED.',
    watch: 'Watch the status go from RUNNING to COMPLETED, and dapr.workflow.output appear in the GET response.',
    exampleInput: { Name: 'Paperclips', Quantity: 1, TotalCost: 9.95 },
  },
];

/** Starts that leave instances waiting in the approvals inbox (the "fill the approvals inbox" action). */
export const APPROVAL_INBOX_SAMPLES: readonly { workflowName: string; input: unknown }[] = [
  { workflowName: orderProcessing.name, input: { Name: 'Cars', Quantity: 10, TotalCost: 150000, ApprovalTimeoutSeconds: 3600 } },
  { workflowName: orderProcessing.name, input: { Name: 'Computers', Quantity: 100, TotalCost: 50001, ApprovalTimeoutSeconds: 3600 } },
  { workflowName: orderProcessing.name, input: { Name: 'Cars', Quantity: 5, TotalCost: 75000, ApprovalTimeoutSeconds: 3600 } },
  { workflowName: purchaseOrder.name, input: { cost: 2500, product: 'Standing desks', quantity: 5, timeoutSeconds: 3600 } },
  { workflowName: purchaseOrder.name, input: { cost: 12000, product: 'Laptops', quantity: 8, timeoutSeconds: 3600 } },
];
