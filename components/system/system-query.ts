import { queryOptions } from '@tanstack/react-query';
import type { SystemResponse } from '@/lib/api/system-status';
import { fetchJson } from '@/lib/client/fetch-json';

/** GET /api/system: the System page's figures. */
export function systemQuery() {
  return queryOptions({
    queryKey: ['system'] as const,
    queryFn: ({ signal }) => fetchJson<SystemResponse>('/api/system', { signal }),
  });
}
