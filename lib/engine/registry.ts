import type { Workflow, WorkflowActivity } from './authoring';

/** An external event a workflow waits for, with what the dashboard offers to send for it. */
export interface EventDeclaration {
  name: string;
  description?: string;
  /** Payload sent by the Approve button (approval events). */
  approvePayload?: unknown;
  /** Payload sent by the Reject button (approval events). */
  rejectPayload?: unknown;
  /** When set, the dashboard offers a comment field and puts its text in the payload under this key. */
  commentField?: string;
}

/** What people see about a workflow in the dashboard and the API: description, example input, events. */
export interface WorkflowMetadata {
  description?: string;
  exampleInput?: unknown;
  events?: EventDeclaration[];
}

/** A registered workflow. */
export interface WorkflowRegistration extends WorkflowMetadata {
  name: string;
  fn: Workflow;
}

/** The workflows and activities a process can run, by name. */
export class Registry {
  private readonly workflows = new Map<string, WorkflowRegistration>();
  private readonly activities = new Map<string, WorkflowActivity>();
  private names: { workflows: string[]; activities: string[] } | undefined;

  /** Registers a workflow under a name (replacing one of the same name). */
  addWorkflow(name: string, fn: Workflow, metadata: WorkflowMetadata = {}): void {
    if (!name) throw new TypeError('a workflow needs a name');
    this.workflows.set(name, { name, fn, ...metadata });
    this.names = undefined;
  }
  /** Registers an activity under a name (replacing one of the same name). */
  addActivity(name: string, fn: WorkflowActivity): void {
    if (!name) throw new TypeError('an activity needs a name');
    this.activities.set(name, fn);
    this.names = undefined;
  }
  /** The workflow registered under `name`. */
  workflow(name: string): WorkflowRegistration | undefined {
    return this.workflows.get(name);
  }
  /** The activity registered under `name`. */
  activity(name: string): WorkflowActivity | undefined {
    return this.activities.get(name);
  }
  /** The names of the registered workflows (what the in-process worker claims). */
  workflowNames(): readonly string[] {
    return this.nameLists().workflows;
  }
  /** The names of the registered activities. */
  activityNames(): readonly string[] {
    return this.nameLists().activities;
  }
  private nameLists(): { workflows: string[]; activities: string[] } {
    this.names ??= { workflows: [...this.workflows.keys()], activities: [...this.activities.keys()] };
    return this.names;
  }
  /** All registered workflows, sorted by name. */
  listWorkflows(): WorkflowRegistration[] {
    return [...this.workflows.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
