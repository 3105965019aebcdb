// The built-in demo workflows (the seed documents' patterns): registration and what /demos shows.
import type { WorkflowRuntime } from '@/lib/engine';
import type { WorkflowDeps } from './built-in';
import { BUILT_IN_WORKFLOWS, describeWorkflow } from './catalog';
import { registerApprovalActivity } from '../approvals/approval-activity';

export type { BuiltInWorkflow, DemoPattern, WorkflowDeps } from './built-in';
export { APPROVAL_INBOX_SAMPLES, BUILT_IN_WORKFLOWS, DEMO_PATTERNS, describeWorkflow } from './catalog';
export { DEFAULT_INVENTORY, MemoryInventory, type InventoryItem, type InventoryStore, type StockChange } from './inventory';
export { PrismaInventory, createPrismaInventory } from './prisma-inventory';

/**
 * Registers every built-in workflow (with description, example input and events), every activity they call, and
 * the activity behind ctx.requestApproval.
 */
export function registerBuiltInWorkflows(runtime: WorkflowRuntime, deps: WorkflowDeps): void {
  registerApprovalActivity(runtime.registry, deps.approvals ?? (() => undefined));
  for (const workflow of BUILT_IN_WORKFLOWS) {
    runtime.registerWorkflowWithName(workflow.name, workflow.workflow, {
      description: describeWorkflow(workflow),
      exampleInput: workflow.exampleInput,
      events: workflow.events,
    });
    for (const [name, activity] of Object.entries(workflow.activities(deps))) runtime.registerActivityWithName(name, activity);
  }
}
