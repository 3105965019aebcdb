'use client';

import { filtersToApiFilter, type InstanceFilters } from '@/lib/client/instance-filters';

/** Download links for every instance under the current filters and sort (GET /api/instances/export), as CSV or JSON. */
export function ExportLinks({ filters }: { filters: InstanceFilters }) {
  const href = (format: 'csv' | 'json') => {
    const query = filtersToApiFilter(filters);
    query.set('format', format);
    return `/api/instances/export?${query}`;
  };
  return (
    <span className="export-links">
      <span className="muted">Export all matching:</span>
      <a className="button button-small" href={href('csv')} download>
        CSV
      </a>
      <a className="button button-small" href={href('json')} download>
        JSON
      </a>
    </span>
  );
}
