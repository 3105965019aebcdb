'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { filtersFromSearch, filtersToSearch, type InstanceFilters } from './instance-filters';

/** The instances page's filters, read from and written to the URL (router.replace, no scroll jump). */
export function useUrlFilters(): [InstanceFilters, (next: InstanceFilters) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const key = params.toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(key)), [key]);
  const setFilters = useCallback(
    (next: InstanceFilters) => {
      const query = filtersToSearch(next).toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return [filters, setFilters];
}
