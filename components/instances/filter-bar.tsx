'use client';

import { useCallback, useState } from 'react';
import { SORT_KEYS, type InstanceFilters, type InstanceSortKey, type WaitingFilterKind } from '@/lib/client/instance-filters';
import type { TimeZoneChoice } from '@/lib/client/time-zone';
import { DebouncedInput } from './debounced-input';
import { TimeRangeFields } from './time-range-fields';

/** Props of FilterBar. */
export interface FilterBarProps {
  filters: InstanceFilters;
  workflowNames: string[];
  zone: TimeZoneChoice;
  onChange: (next: InstanceFilters) => void;
}

const SORT_LABELS: Record<InstanceSortKey, string> = {
  created: 'Created',
  updated: 'Last updated',
  completed: 'Completed (finished only)',
  duration: 'Duration (finished only)',
  name: 'Name',
  status: 'Status',
};
const WAIT_LABELS: Record<WaitingFilterKind, string> = { event: 'an event', activity: 'an activity', child: 'a child', timer: 'a timer', worker: 'a worker' };
const WAIT_DURATIONS = ['1m', '5m', '15m', '1h', '6h', '1d', '7d'];

/** The instances table's search, filters and sort; the rarer filters sit under "More filters". */
export function FilterBar({ filters, workflowNames, zone, onChange }: FilterBarProps) {
  const set = useCallback((patch: Partial<InstanceFilters>) => onChange({ ...filters, ...patch, cursor: undefined }), [filters, onChange]);
  const more = [filters.updatedFrom, filters.updatedTo, filters.completedFrom, filters.completedTo, filters.parentId, filters.topLevel, filters.waitingKind, filters.failureText];
  const [childrenChosen, setChildrenChosen] = useState(false);
  const [showMore, setShowMore] = useState(false);
  // A link or Back that sets one of the rarer filters opens them: adjust state during render.
  if (!showMore && more.some((v) => v !== undefined)) setShowMore(true);
  const parentMode = filters.parentId || (childrenChosen && !filters.topLevel) ? 'children' : filters.topLevel ? 'top' : 'any';
  const namedWait = filters.waitingKind && filters.waitingKind !== 'worker';
  return (
    <div className="filter-panel">
      <div className="filter-bar">
        <DebouncedInput label="Instance ID" placeholder="ID contains…" value={filters.idText} onCommit={(idText) => set({ idText })} />
        <label className="field-inline">
          <span>Workflow</span>
          <select aria-label="Workflow" value={filters.name ?? ''} onChange={(e) => set({ name: e.target.value || undefined })}>
            <option value="">All workflows</option>
            {workflowNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <TimeRangeFields label="Created" from={filters.createdFrom} to={filters.createdTo} zone={zone} onChange={(createdFrom, createdTo) => set({ createdFrom, createdTo })} />
        <label className="field-inline">
          <span>Sort by</span>
          <select aria-label="Sort by" value={filters.sort} onChange={(e) => set({ sort: e.target.value as InstanceSortKey })}>
            {SORT_KEYS.map((key) => (
              <option key={key} value={key}>
                {SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Order</span>
          <select aria-label="Order" value={filters.order} onChange={(e) => set({ order: e.target.value === 'asc' ? 'asc' : 'desc' })}>
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </label>
      </div>
      <details className="more-filters" open={showMore} onToggle={(e) => setShowMore(e.currentTarget.open)}>
        <summary>More filters</summary>
        <div className="filter-bar">
          <label className="field-inline">
            <span>Waits on</span>
            <select
              aria-label="Waits on"
              value={filters.waitingKind ?? ''}
              onChange={(e) => {
                const kind = (e.target.value || undefined) as WaitingFilterKind | undefined;
                set({ waitingKind: kind, ...(kind === 'worker' || !kind ? { waitingName: undefined, waitingOver: undefined } : {}) });
              }}
            >
              <option value="">Anything or nothing</option>
              {(Object.keys(WAIT_LABELS) as WaitingFilterKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {WAIT_LABELS[kind]}
                </option>
              ))}
            </select>
          </label>
          {namedWait && <DebouncedInput label="named" placeholder="e.g. approval_received" value={filters.waitingName} onCommit={(waitingName) => set({ waitingName })} />}
          {namedWait && (
            <label className="field-inline">
              <span>for more than</span>
              <select aria-label="for more than" value={filters.waitingOver ?? ''} onChange={(e) => set({ waitingOver: e.target.value || undefined })}>
                <option value="">any time</option>
                {WAIT_DURATIONS.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field-inline">
            <span>Parent</span>
            <select
              aria-label="Parent"
              value={parentMode}
              onChange={(e) => {
                setChildrenChosen(e.target.value === 'children');
                set({ topLevel: e.target.value === 'top' || undefined, parentId: undefined });
              }}
            >
              <option value="any">Any</option>
              <option value="top">Top-level only</option>
              <option value="children">Children of…</option>
            </select>
          </label>
          {parentMode === 'children' && <DebouncedInput label="Parent ID" placeholder="parent instance ID" value={filters.parentId} onCommit={(parentId) => set({ parentId })} />}
          <DebouncedInput label="Failure" placeholder="type or message contains…" value={filters.failureText} onCommit={(failureText) => set({ failureText })} />
          <TimeRangeFields label="Updated" from={filters.updatedFrom} to={filters.updatedTo} zone={zone} onChange={(updatedFrom, updatedTo) => set({ updatedFrom, updatedTo })} />
          <TimeRangeFields label="Completed" from={filters.completedFrom} to={filters.completedTo} zone={zone} onChange={(completedFrom, completedTo) => set({ completedFrom, completedTo })} />
        </div>
      </details>
    </div>
  );
}
