'use client';

import { RUNTIME_STATUSES, type RuntimeStatus } from '@/lib/engine/runtime-status';

/** Props of StatusChips. */
export interface StatusChipsProps {
  selected: RuntimeStatus[];
  counts?: Record<RuntimeStatus, number>;
  onChange: (statuses: RuntimeStatus[]) => void;
}

/** Toggle chips, one per runtime status, with the live count of instances in each. */
export function StatusChips({ selected, counts, onChange }: StatusChipsProps) {
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const toggle = (status: RuntimeStatus) =>
    onChange(selected.includes(status) ? selected.filter((s) => s !== status) : [...selected, status]);
  return (
    <div className="chips" role="group" aria-label="Filter by status">
      <button type="button" className="chip" aria-pressed={selected.length === 0} onClick={() => onChange([])}>
        All <span className="chip-count">{total ?? '…'}</span>
      </button>
      {RUNTIME_STATUSES.map((status) => (
        <button
          key={status}
          type="button"
          className={`chip chip-${status.toLowerCase()}`}
          aria-pressed={selected.includes(status)}
          onClick={() => toggle(status)}
        >
          {status} <span className="chip-count">{counts?.[status] ?? '…'}</span>
        </button>
      ))}
    </div>
  );
}
