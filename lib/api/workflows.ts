// The workflow catalogue (registered workflows plus the ones apps declared) and the approvals inbox, for the dashboard.
import type { EventDeclaration, Registry, WorkflowMetadata } from '../engine/registry';
import { INPUT_PREVIEW_CHARS, type InstancePreviewRecord } from '../engine/store';
import type { DeclaredWorkflow } from '../workflows/workflow-declarations';
import type { ApiContext } from './context';
import type { ApprovalItem, ApprovalWaitKind, WorkflowInfo } from './dto';
import { expectedEventWaits } from './remote-waits';

/** Longest input excerpt shown in the approvals inbox (shorter than the preview stores read, so a cut input is told from a short one). */
export const INPUT_SUMMARY_CHARS = Math.min(200, INPUT_PREVIEW_CHARS - 1);
/** Most waiting instances the approvals inbox lists. */
export const MAX_APPROVALS = 500;

/** Where a workflow's metadata comes from: code registered in this process, or an app's PUT /api/workflows/{name}. */
export type WorkflowSource = 'built-in' | 'declared';

/** A workflow of the catalogue, with where its metadata comes from. */
export interface CatalogWorkflowInfo extends WorkflowInfo {
  source: WorkflowSource;
}

/** GET /api/workflows. */
export interface CatalogListResponse {
  items: CatalogWorkflowInfo[];
}

/** The answer of PUT /api/workflows/{name}: the declaration as stored, and a warning when a built-in has the name. */
export interface DeclaredWorkflowInfo extends CatalogWorkflowInfo {
  source: 'declared';
  createdAt: string;
  updatedAt: string;
  /** Set when a built-in workflow has this name: the built-in's metadata is what the dashboard shows. */
  warning?: string;
}

/**
 * Every registered workflow, then every declared one whose name no registered workflow has (a registered workflow
 * wins a name clash: its metadata comes from its code), sorted by name.
 */
export function listWorkflowInfos(registry: Registry, declared: readonly DeclaredWorkflow[] = []): CatalogWorkflowInfo[] {
  const registered = registry.listWorkflows().map((w) => toInfo(w.name, w, 'built-in'));
  const names = new Set(registered.map((w) => w.name));
  const others = declared.filter((d) => !names.has(d.name)).map((d) => toInfo(d.name, d.metadata, 'declared'));
  return [...registered, ...others].sort((a, b) => a.name.localeCompare(b.name));
}

/** The catalogue entry of `name`: the registered workflow's, else the declaration's; undefined when neither exists. */
export function findWorkflowInfo(registry: Registry, declared: DeclaredWorkflow | undefined, name: string): CatalogWorkflowInfo | undefined {
  const registered = registry.workflow(name);
  if (registered) return toInfo(name, registered, 'built-in');
  return declared ? toInfo(name, declared.metadata, 'declared') : undefined;
}

/** The answer to a declaration, warning when a registered workflow of the same name hides it. */
export function toDeclaredInfo(declaration: DeclaredWorkflow, registry: Registry): DeclaredWorkflowInfo {
  const info: DeclaredWorkflowInfo = {
    ...toInfo(declaration.name, declaration.metadata, 'declared'),
    source: 'declared',
    createdAt: declaration.createdAt.toISOString(),
    updatedAt: declaration.updatedAt.toISOString(),
  };
  if (registry.workflow(declaration.name)) {
    info.warning = `a built-in workflow is named '${declaration.name}': the dashboard shows the built-in's metadata, not this declaration`;
  }
  return info;
}

/**
 * One item per (instance, awaited event), longest wait first (the nearest their deadlines), with the workflow's declaration of that event: the
 * registered workflow's, else the one an app declared. Instances of workflows remote workers run are listed too
 * when they can only be waiting for an event (see expectedEventWaits): one item per declared event (also while
 * they wait on timers only, which may race the wait), or one unnamed item when their workflow declares none.
 */
export async function listApprovals(ctx: Pick<ApiContext, 'store' | 'registry'>, declared: readonly DeclaredWorkflow[] = []): Promise<ApprovalItem[]> {
  const declaredByName = new Map(declared.map((d) => [d.name, d.metadata]));
  // Instances waiting on timers only are not among those waiting for events: read the declared remote workflows' own.
  const racing = declared.filter((d) => d.metadata.events?.length && !ctx.registry.workflow(d.name));
  const [waiting, ...timed] = await Promise.all([
    ctx.store.listInstancesWaitingForEvents(MAX_APPROVALS),
    ...racing.map((d) => ctx.store.listInstances({ name: d.name, statuses: ['RUNNING'], limit: MAX_APPROVALS, columns: 'preview' })),
  ]);
  const rows = new Map([...waiting, ...timed.flatMap((page) => page.items)].map((row) => [row.instanceId, row]));
  const items = [...rows.values()].flatMap((row) => approvalItemsOf(row, ctx.registry.workflow(row.name), declaredByName.get(row.name)));
  return items.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince)).slice(0, MAX_APPROVALS);
}

function approvalItemsOf(row: InstancePreviewRecord, registered: WorkflowMetadata | undefined, declared: WorkflowMetadata | undefined): ApprovalItem[] {
  const item = (eventName: string, since: string, deadline?: string, event?: EventDeclaration, wait?: ApprovalWaitKind): ApprovalItem => ({
    instanceId: row.instanceId,
    workflowName: row.name,
    eventName,
    ...(wait ? { wait } : {}),
    waitingSince: since,
    ...(deadline ? { deadline } : {}),
    inputSummary: summarize(row.input),
    ...(row.customStatus !== undefined ? { customStatus: row.customStatus } : {}),
    ...(event ? { event } : {}),
  });
  const recorded = (row.waitingOn?.events ?? []).map((w) => item(w.name, w.since, w.deadline, findEvent(registered ?? declared, w.name)));
  const expected = expectedEventWaits(row, declared, registered !== undefined).map((w) =>
    item(w.name ?? '', w.since, w.deadline, w.declaration, w.name === undefined ? 'unnamed' : 'declared'),
  );
  return [...recorded, ...expected];
}

function toInfo(name: string, metadata: WorkflowMetadata, source: WorkflowSource): CatalogWorkflowInfo {
  return {
    name,
    ...(metadata.description !== undefined ? { description: metadata.description } : {}),
    ...(metadata.exampleInput !== undefined ? { exampleInput: metadata.exampleInput } : {}),
    events: metadata.events ?? [],
    source,
  };
}

function findEvent(metadata: WorkflowMetadata | undefined, eventName: string): EventDeclaration | undefined {
  const key = eventName.toLowerCase();
  return metadata?.events?.find((e) => e.name.toLowerCase() === key);
}

function summarize(input: string | undefined): string {
  if (!input) return '';
  return input.length > INPUT_SUMMARY_CHARS ? `${input.slice(0, INPUT_SUMMARY_CHARS - 1)}…` : input;
}
