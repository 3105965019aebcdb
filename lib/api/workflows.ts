// Registered workflows and the approvals inbox, for the dashboard.
import type { EventDeclaration, Registry } from '../engine/registry';
import type { ApiContext } from './context';
import type { ApprovalItem, WorkflowInfo } from './dto';

/** Longest input excerpt shown in the approvals inbox. */
export const INPUT_SUMMARY_CHARS = 200;
/** Most waiting instances the approvals inbox lists. */
export const MAX_APPROVALS = 500;

/** Every registered workflow with its description, example input and declared events, sorted by name. */
export function listWorkflowInfos(registry: Registry): WorkflowInfo[] {
  return registry.listWorkflows().map((w) => ({
    name: w.name,
    ...(w.description !== undefined ? { description: w.description } : {}),
    ...(w.exampleInput !== undefined ? { exampleInput: w.exampleInput } : {}),
    events: w.events ?? [],
  }));
}

/** One item per (instance, awaited event), newest wait first, with the workflow's declaration of that event. */
export async function listApprovals(ctx: Pick<ApiContext, 'store' | 'registry'>): Promise<ApprovalItem[]> {
  const waiting = await ctx.store.listInstancesWaitingForEvents(MAX_APPROVALS);
  return waiting.flatMap((row) =>
    (row.waitingOn?.events ?? []).map((wait) => {
      const item: ApprovalItem = {
        instanceId: row.instanceId,
        workflowName: row.name,
        eventName: wait.name,
        waitingSince: wait.since,
        inputSummary: summarize(row.input),
      };
      if (wait.deadline) item.deadline = wait.deadline;
      if (row.customStatus !== undefined) item.customStatus = row.customStatus;
      const event = findEvent(ctx.registry, row.name, wait.name);
      if (event) item.event = event;
      return item;
    }),
  );
}

function findEvent(registry: Registry, workflowName: string, eventName: string): EventDeclaration | undefined {
  const key = eventName.toLowerCase();
  return registry.workflow(workflowName)?.events?.find((e) => e.name.toLowerCase() === key);
}

function summarize(input: string | undefined): string {
  if (!input) return '';
  return input.length > INPUT_SUMMARY_CHARS ? `${input.slice(0, INPUT_SUMMARY_CHARS - 1)}…` : input;
}
