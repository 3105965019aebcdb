import { queryOptions } from '@tanstack/react-query';
import type {
  WaitingEventListResponse,
  InstanceDetail,
  InstanceListResponse,
  InventoryResponse,
} from '@/lib/api/dto';
import type { BulkJobView } from '@/lib/api/bulk-job-handlers';
import type { CatalogListResponse } from '@/lib/api/workflows';
import { fetchJson } from './fetch-json';
import { filtersToApiQuery, type InstanceFilters } from './instance-filters';

/** Rows per page of the instances table. */
export const INSTANCE_PAGE_SIZE = 50;

/** Query keys of every resource, so mutations can invalidate them. */
export const queryKeys = {
  instances: ['instances'] as const,
  instanceList: (filters: InstanceFilters) => ['instances', 'list', filters] as const,
  instance: (id: string) => ['instances', 'one', id] as const,
  history: (id: string, executionId: string) => ['instances', 'one', id, 'history', executionId] as const,
  newestHistory: (id: string, executionId: string) => ['instances', 'one', id, 'history-newest', executionId] as const,
  workflows: ['workflows'] as const,
  approvals: ['approvals'] as const,
  inventory: ['inventory'] as const,
  bulkJobs: ['bulk-jobs'] as const,
};

/** One page of instances with counts by status (GET /api/instances). */
export function instanceListQuery(filters: InstanceFilters) {
  return queryOptions({
    queryKey: queryKeys.instanceList(filters),
    queryFn: ({ signal }) =>
      fetchJson<InstanceListResponse>(`/api/instances?${filtersToApiQuery(filters, INSTANCE_PAGE_SIZE)}`, { signal }),
  });
}

/** One instance with payloads, waitingOn, family and logs (GET /api/instances/{id}). */
export function instanceQuery(instanceId: string) {
  return queryOptions({
    queryKey: queryKeys.instance(instanceId),
    queryFn: ({ signal }) => fetchJson<InstanceDetail>(`/api/instances/${encodeURIComponent(instanceId)}`, { signal }),
  });
}

/** The built-in workflows and the ones apps declared (GET /api/workflows); apps declare theirs when they start. */
export function workflowsQuery() {
  return queryOptions({
    queryKey: queryKeys.workflows,
    queryFn: ({ signal }) => fetchJson<CatalogListResponse>('/api/workflows', { signal }),
    staleTime: 10_000,
  });
}

/** Instances waiting on external events, longest wait first (GET /api/approvals/waiting). */
export function waitingEventsQuery() {
  return queryOptions({
    queryKey: [...queryKeys.approvals, 'waiting'] as const,
    queryFn: ({ signal }) => fetchJson<WaitingEventListResponse>('/api/approvals/waiting', { signal }),
  });
}

/** The order demo's stock (GET /api/inventory). */
export function inventoryQuery() {
  return queryOptions({
    queryKey: queryKeys.inventory,
    queryFn: ({ signal }) => fetchJson<InventoryResponse>('/api/inventory', { signal }),
  });
}

/** The 20 most recent bulk jobs, newest first (GET /api/bulk-jobs). */
export function bulkJobsQuery() {
  return queryOptions({
    queryKey: queryKeys.bulkJobs,
    queryFn: ({ signal }) => fetchJson<{ jobs: BulkJobView[] }>('/api/bulk-jobs', { signal }),
  });
}
