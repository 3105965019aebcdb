import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { HistoryPage } from '@/lib/api/dto';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { fetchJson } from './fetch-json';
import { queryKeys } from './queries';

/** Events fetched per request of GET /api/instances/{id}/history. */
export const HISTORY_PAGE_SIZE = 1000;

/** Fetches the events of a history from `from` on, page by page, until the last page. */
export async function fetchHistoryFrom(instanceId: string, from: number, signal?: AbortSignal): Promise<SequencedHistoryEvent[]> {
  const events: SequencedHistoryEvent[] = [];
  let next: number | undefined = from;
  while (next !== undefined) {
    const page: HistoryPage = await fetchJson<HistoryPage>(
      `/api/instances/${encodeURIComponent(instanceId)}/history?from=${next}&limit=${HISTORY_PAGE_SIZE}`,
      { signal },
    );
    events.push(...page.events);
    next = page.events.length ? page.nextSequence : undefined;
  }
  return events;
}

/**
 * The whole history of one execution, fetched incrementally: each refetch asks only for the events
 * after the last one already held, so a live 5,000-event history costs one small request per refresh.
 */
export function historyQuery(client: QueryClient, instanceId: string, executionId: string) {
  const queryKey = queryKeys.history(instanceId, executionId);
  return queryOptions({
    queryKey,
    queryFn: async ({ signal }) => {
      const held = client.getQueryData<SequencedHistoryEvent[]>(queryKey) ?? [];
      const from = held.length ? held[held.length - 1].sequence + 1 : 0;
      const fresh = await fetchHistoryFrom(instanceId, from, signal);
      return fresh.length ? [...held, ...fresh] : held;
    },
    structuralSharing: false,
    staleTime: Infinity,
  });
}
