import type { Approvals } from '../approvals/approvals';
import type { EventDeclaration, Workflow, WorkflowActivity } from '@/lib/engine';
import type { InventoryStore } from './inventory';

/** What the built-in activities need from the app. */
export interface WorkflowDeps {
  inventory: InventoryStore;
  /** The approval requests ctx.requestApproval records (absent: none are recorded, the instance still waits). */
  approvals?: () => Approvals | undefined;
}

/** A card of the /demos page: what a pattern shows, what to watch and an input that works. */
export interface DemoPattern {
  title: string;
  /** The seed documents' name for the pattern. */
  pattern: string;
  workflowName: string;
  summary: string;
  /** Which part of the instance's timeline shows the pattern. */
  watch: string;
  exampleInput: unknown;
}

/** A built-in workflow: its registered name, function, what the dashboard says about it and the activities it calls. */
export interface BuiltInWorkflow {
  name: string;
  workflow: Workflow;
  /** What the workflow shows (one or two sentences). */
  summary: string;
  /** Which part of the timeline to watch (one sentence). */
  watch: string;
  exampleInput: unknown;
  events?: EventDeclaration[];
  /** Present for workflows that get a card on /demos. */
  demo?: { title: string; pattern: string };
  /** The activities it calls, by registered name (registered names survive minification; function names do not). */
  activities: (deps: WorkflowDeps) => Record<string, WorkflowActivity>;
}
