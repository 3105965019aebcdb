import type {
  BulkAction,
  BulkResponse,
  InventoryResponse,
  RaiseEventRequest,
  RestockRequest,
  StartRequest,
  StartResponse,
} from '@/lib/api/dto';
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
export function bulkAction(action: BulkAction, instanceIds: string[], dryRun = false): Promise<BulkResponse> {
  return postJson<BulkResponse>('/api/instances/bulk', { action, instanceIds, dryRun });
}

/** Starts a new instance of a registered workflow. */
export function startWorkflow(name: string, request: StartRequest): Promise<StartResponse> {
  return postJson<StartResponse>(`/api/workflows/${encodeURIComponent(name)}/start`, request);
}

/** Adds stock to the order demo's inventory. */
export function restockInventory(request: RestockRequest = {}): Promise<InventoryResponse> {
  return postJson<InventoryResponse>('/api/inventory/restock', request);
}
