'use client';

import { useEffect, useState } from 'react';
import type { InstanceFilters } from '@/lib/client/instance-filters';
import { isoToLocalInput, localInputToIso } from '@/lib/client/local-time';

/** Props of FilterBar. */
export interface FilterBarProps {
  filters: InstanceFilters;
  workflowNames: string[];
  onChange: (next: InstanceFilters) => void;
}

/** Workflow name, ID prefix, created-time range and sort order of the instances table. */
export function FilterBar({ filters, workflowNames, onChange }: FilterBarProps) {
  const [idText, setIdText] = useState(filters.idPrefix ?? '');
  // When the URL's prefix changes from outside (back button, shared link), show it: adjust state during render.
  const [shownPrefix, setShownPrefix] = useState(filters.idPrefix);
  if (filters.idPrefix !== shownPrefix) {
    setShownPrefix(filters.idPrefix);
    setIdText(filters.idPrefix ?? '');
  }
  useEffect(() => {
    const value = idText.trim() || undefined;
    if (value === filters.idPrefix) return;
    const timer = setTimeout(() => onChange({ ...filters, idPrefix: value, cursor: undefined }), 300);
    return () => clearTimeout(timer);
  }, [idText, filters, onChange]);
  const set = (patch: Partial<InstanceFilters>) => onChange({ ...filters, ...patch, cursor: undefined });
  return (
    <div className="filter-bar">
      <label className="field-inline">
        <span>Workflow</span>
        <select value={filters.name ?? ''} onChange={(e) => set({ name: e.target.value || undefined })}>
          <option value="">All workflows</option>
          {workflowNames.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span>Instance ID</span>
        <input type="search" placeholder="ID starts with…" value={idText} onChange={(e) => setIdText(e.target.value)} />
      </label>
      <label className="field-inline">
        <span>Created from</span>
        <input
          type="datetime-local"
          value={isoToLocalInput(filters.createdFrom)}
          onChange={(e) => set({ createdFrom: localInputToIso(e.target.value) })}
        />
      </label>
      <label className="field-inline">
        <span>to</span>
        <input
          type="datetime-local"
          value={isoToLocalInput(filters.createdTo)}
          onChange={(e) => set({ createdTo: localInputToIso(e.target.value) })}
        />
      </label>
      <label className="field-inline">
        <span>Sort</span>
        <select value={filters.order} onChange={(e) => set({ order: e.target.value === 'asc' ? 'asc' : 'desc' })}>
          <option value="desc">Newest first</option>
          <option value="asc">Oldest first</option>
        </select>
      </label>
    </div>
  );
}
