'use client';

import type { InstanceSortKey } from '@/lib/client/instance-filters';

/** Props of SortHeader. */
export interface SortHeaderProps {
  label: string;
  sortKey: InstanceSortKey;
  sort: InstanceSortKey;
  order: 'asc' | 'desc';
  onSort: (sort: InstanceSortKey, order: 'asc' | 'desc') => void;
}

/** A column header that sorts the list by its key (descending first; again: ascending). */
export function SortHeader({ label, sortKey, sort, order, onSort }: SortHeaderProps) {
  const active = sort === sortKey;
  const next = active && order === 'desc' ? 'asc' : 'desc';
  return (
    <th aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(sortKey, next)} title={`Sort by ${label.toLowerCase()}, ${next === 'asc' ? 'ascending' : 'descending'}`}>
        {label}
        <span aria-hidden className="sort-mark">
          {active ? (order === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
