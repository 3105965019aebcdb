// The instance page's reads and writes for recovery: executions of a continued-as-new instance, rerun links, rerun.
import { queryOptions } from '@tanstack/react-query';
import type { HistoryPage } from '@/lib/api/dto';
import type { ExecutionsResponse } from '@/lib/api/executions';
import type { RerunLinksResponse, RerunResponse } from '@/lib/api/rerun';
import { fetchJson, postJson } from '@/lib/client/fetch-json';
import { HISTORY_PAGE_SIZE } from '@/lib/client/history-query';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';

const instancePath = (id: string) => `/api/instances/${encodeURIComponent(id)}`;

/** The instance's executions, oldest first, the current one last (GET /api/instances/{id}/executions). */
export function executionsQuery(instanceId: string) {
  return queryOptions({
    queryKey: ['instances', 'one', instanceId, 'executions'] as const,
    queryFn: ({ signal }) => fetchJson<ExecutionsResponse>(`${instancePath(instanceId)}/executions`, { signal }),
  });
}

/** Where the instance was rerun from and its reruns (GET /api/instances/{id}/rerun). */
export function rerunLinksQuery(instanceId: string) {
  return queryOptions({
    queryKey: ['instances', 'one', instanceId, 'reruns'] as const,
    queryFn: ({ signal }) => fetchJson<RerunLinksResponse>(`${instancePath(instanceId)}/rerun`, { signal }),
  });
}

/** The whole history of one execution (a closed one never changes: fetched once). */
export function executionHistoryQuery(instanceId: string, executionId: string) {
  return queryOptions({
    queryKey: ['instances', 'one', instanceId, 'execution-history', executionId] as const,
    queryFn: async ({ signal }) => {
      const events: SequencedHistoryEvent[] = [];
      for (let from: number | undefined = 0; from !== undefined; ) {
        const query = `from=${from}&limit=${HISTORY_PAGE_SIZE}&executionId=${encodeURIComponent(executionId)}`;
        const page: HistoryPage = await fetchJson<HistoryPage>(`${instancePath(instanceId)}/history?${query}`, { signal });
        events.push(...page.events);
        from = page.events.length ? page.nextSequence : undefined;
      }
      return events;
    },
    staleTime: Infinity,
  });
}

/** What a rerun request carries: the task, and optionally new inputs and the new instance's ID. */
export interface RerunRequestBody {
  fromEventId: number;
  input?: unknown;
  workflowInput?: unknown;
  newInstanceId?: string;
}

/** Reruns an instance from a task (POST /api/instances/{id}/rerun). */
export function rerunInstance(instanceId: string, body: RerunRequestBody): Promise<RerunResponse> {
  return postJson<RerunResponse>(`${instancePath(instanceId)}/rerun`, body);
}
