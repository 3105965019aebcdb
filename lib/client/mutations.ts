import type {
  BulkAction,
  BulkResponse,
  InventoryResponse,
  RaiseEventRequest,
  RestockRequest,
  StartRequest,
  StartResponse,
} from '@/lib/api/dto';
import type { BulkJobDryRun, BulkJobView } from '@/lib/api/bulk-job-handlers';
import type { BulkJobAction } from '@/lib/bulk-jobs/bulk-job-runner';
import { postJson } from './fetch-json';

/** A control applied to one instance from the dashboard. */
export type InstanceAction = 'pause' | 'resume' | 'terminate' | 'purge';

const instancePath = (id: string) => `/api/instances/${encodeURIComponent(id)}`;

/** Pauses, resumes, terminates or purges one instance; `reason` (not for purge) goes on the timeline and in the audit trail. */
export function applyInstanceAction(instanceId: string, action: InstanceAction, reason?: string): Promise<unknown> {
  if (action === 'purge') return postJson(`${instancePath(instanceId)}/purge`);
  return postJson(`${instancePath(instanceId)}/${action}`, reason?.trim() ? { reason: reason.trim() } : {});
}

/** Raises an external event on an instance. */
export function raiseEvent(instanceId: string, request: RaiseEventRequest): Promise<unknown> {
  return postJson(`${instancePath(instanceId)}/raise-event`, request);
}

/** Applies an action to many instances (or, with dryRun, says what it would do). */
export function bulkAction(action: BulkAction, instanceIds: string[], dryRun = false, reason?: string): Promise<BulkResponse> {
  return postJson<BulkResponse>('/api/instances/bulk', { action, instanceIds, dryRun, ...(reason && { reason }) });
}

/** What POST /api/bulk-jobs takes: the action, the list's filter (its API query string), a reason and the confirmation. */
export interface BulkJobRequest {
  action: BulkJobAction;
  filter: string;
  reason?: string;
  confirm?: string;
}

/** Says what a bulk job over a filter would do (count, first IDs, would-skip), changing nothing. */
export function bulkJobDryRun(request: BulkJobRequest): Promise<BulkJobDryRun> {
  return postJson<BulkJobDryRun>('/api/bulk-jobs', { action: request.action, filter: request.filter, dryRun: true });
}

/** Starts a bulk job over every instance the filter matches now (the server works it in batches). */
export function startBulkJob(request: BulkJobRequest): Promise<BulkJobView> {
  const reason = request.reason?.trim();
  return postJson<BulkJobView>('/api/bulk-jobs', { action: request.action, filter: request.filter, ...(reason && { reason }), ...(request.confirm && { confirm: request.confirm }) });
}

/** Asks a running bulk job to stop before its next instance (409 when it is no longer running). */
export function cancelBulkJob(id: string): Promise<BulkJobView> {
  return postJson<BulkJobView>(`/api/bulk-jobs/${encodeURIComponent(id)}/cancel`);
}

/** Starts a new instance of a registered workflow. */
export function startWorkflow(name: string, request: StartRequest): Promise<StartResponse> {
  return postJson<StartResponse>(`/api/workflows/${encodeURIComponent(name)}/start`, request);
}

/** Adds stock to the order demo's inventory. */
export function restockInventory(request: RestockRequest = {}): Promise<InventoryResponse> {
  return postJson<InventoryResponse>('/api/inventory/restock', request);
}
