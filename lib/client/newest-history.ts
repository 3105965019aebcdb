import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { HistoryPage } from '@/lib/api/dto';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { fetchJson } from './fetch-json';
import { fetchHistoryFrom } from './history-query';
import { queryKeys } from './queries';

/** Events the history table fetches at first and per "Load older". */
export const TABLE_PAGE_SIZE = 500;

/** The history table's events: the newest ones, newest first, and the `before` of the next older page (absent once the first event is held). */
export interface NewestHistory {
  events: SequencedHistoryEvent[];
  nextBefore?: number;
}

const pagePath = (instanceId: string, before?: number) =>
  `/api/instances/${encodeURIComponent(instanceId)}/history?order=desc${before === undefined ? '' : `&before=${before}`}&limit=${TABLE_PAGE_SIZE}`;

/** The events of `fresh` (oldest first) newer than everything `held` has, put in front of it newest first. */
export function withNewer(held: NewestHistory, fresh: readonly SequencedHistoryEvent[]): NewestHistory {
  const newest = held.events.length ? held.events[0].sequence : -1;
  const newer = fresh.filter((e) => e.sequence > newest).reverse();
  return newer.length ? { ...held, events: [...newer, ...held.events] } : held;
}

/** `older` (a page newest first) added after the oldest event `held` has. */
export function withOlder(held: NewestHistory, older: HistoryPage): NewestHistory {
  const oldest = held.events.length ? held.events[held.events.length - 1].sequence : Infinity;
  return { events: [...held.events, ...older.events.filter((e) => e.sequence < oldest)], nextBefore: older.nextBefore };
}

/**
 * The newest page of one execution's history, newest first; each refetch asks only for the events after the newest
 * one held (so a live history costs one small request per refresh), and loadOlderHistory adds older pages.
 */
export function newestHistoryQuery(client: QueryClient, instanceId: string, executionId: string) {
  const queryKey = queryKeys.newestHistory(instanceId, executionId);
  return queryOptions({
    queryKey,
    queryFn: async ({ signal }): Promise<NewestHistory> => {
      const held = client.getQueryData<NewestHistory>(queryKey);
      if (!held) {
        const page = await fetchJson<HistoryPage>(pagePath(instanceId), { signal });
        return { events: page.events, nextBefore: page.nextBefore };
      }
      const from = held.events.length ? held.events[0].sequence + 1 : 0;
      const fresh = await fetchHistoryFrom(instanceId, from, signal);
      // An older page may have been added meanwhile: merge into what is held now.
      return withNewer(client.getQueryData<NewestHistory>(queryKey) ?? held, fresh);
    },
    structuralSharing: false,
    staleTime: Infinity,
  });
}

/** Fetches the page before the oldest event the history table holds and adds it (nothing when it holds the first event). */
export async function loadOlderHistory(client: QueryClient, instanceId: string, executionId: string): Promise<void> {
  const queryKey = queryKeys.newestHistory(instanceId, executionId);
  const before = client.getQueryData<NewestHistory>(queryKey)?.nextBefore;
  if (before === undefined) return;
  const page = await fetchJson<HistoryPage>(pagePath(instanceId, before));
  client.setQueryData<NewestHistory>(queryKey, (held) => (held && held.nextBefore === before ? withOlder(held, page) : held));
}
