'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { filtersFromSearch, filtersToSearch, type InstanceFilters } from './instance-filters';

/**
 * The instances page's filters, read from and written to the URL. Each change pushes a history entry (no scroll
 * jump), so the browser's Back goes to the previous filters or page.
 */
export function useUrlFilters(): [InstanceFilters, (next: InstanceFilters) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const key = params.toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(key)), [key]);
  const setFilters = useCallback(
    (next: InstanceFilters) => {
      const query = filtersToSearch(next).toString();
      if (query === key) return;
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname, key],
  );
  return [filters, setFilters];
}
