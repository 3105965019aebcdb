'use client';

import type { BulkAction } from '@/lib/api/dto';
import type { BulkJobAction } from '@/lib/bulk-jobs/bulk-job-runner';
import { usePermissions } from '@/lib/client/session';
import { RoleNote } from '@/components/ui/role-note';

const ACTIONS: { action: BulkJobAction; label: string; danger?: boolean; jobOnly?: boolean }[] = [
  { action: 'pause', label: 'Pause' },
  { action: 'resume', label: 'Resume' },
  { action: 'terminate', label: 'Terminate', danger: true },
  { action: 'purge', label: 'Purge', danger: true },
  { action: 'rerun', label: 'Rerun', jobOnly: true },
];

/** Props of BulkBar. */
export interface BulkBarProps {
  /** Ticked rows, or (allMatching) every instance the filter matches. */
  count: number;
  allMatching: boolean;
  /** An action on the ticked rows. */
  onAction: (a: BulkAction) => void;
  /** An action on every instance matching the filter (a bulk job). */
  onJob: (a: BulkJobAction) => void;
  onClear: () => void;
}

/**
 * The toolbar shown while instances are selected: how many, bulk actions (operators only), clear. With all matching
 * selected the actions start a bulk job over the filter (Rerun too); else they apply to the ticked rows of the page.
 */
export function BulkBar({ count, allMatching, onAction, onJob, onClear }: BulkBarProps) {
  const denied = usePermissions().whyNot('operator');
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <span>
        <strong>{count.toLocaleString('en-US')}</strong> {allMatching ? 'matching this filter' : 'selected'}
      </span>
      {ACTIONS.filter((a) => allMatching || !a.jobOnly).map(({ action, label, danger }) => (
        <button
          key={action}
          type="button"
          className={danger ? 'button button-small button-danger-outline' : 'button button-small'}
          aria-label={`${label} ${allMatching ? 'all matching' : 'selected'}`}
          disabled={count === 0 || !!denied}
          title={denied}
          onClick={() => (allMatching ? onJob(action) : onAction(action as BulkAction))}
        >
          {label}
        </button>
      ))}
      <button type="button" className="button button-small button-link" onClick={onClear}>
        Clear selection
      </button>
      <RoleNote reason={denied} />
    </div>
  );
}
