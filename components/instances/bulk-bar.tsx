'use client';

import type { BulkAction } from '@/lib/api/dto';
import { usePermissions } from '@/lib/client/session';
import { RoleNote } from '@/components/ui/role-note';

const ACTIONS: { action: BulkAction; label: string; danger?: boolean }[] = [
  { action: 'pause', label: 'Pause' },
  { action: 'resume', label: 'Resume' },
  { action: 'terminate', label: 'Terminate', danger: true },
  { action: 'purge', label: 'Purge', danger: true },
];

/** The toolbar shown while instances are selected: how many, bulk actions (operators only), clear. */
export function BulkBar({ count, onAction, onClear }: { count: number; onAction: (a: BulkAction) => void; onClear: () => void }) {
  const denied = usePermissions().whyNot('operator');
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <span>
        <strong>{count}</strong> selected
      </span>
      {ACTIONS.map(({ action, label, danger }) => (
        <button
          key={action}
          type="button"
          className={danger ? 'button button-small button-danger-outline' : 'button button-small'}
          aria-label={`${label} selected`}
          disabled={count === 0 || count > 500 || !!denied}
          title={denied}
          onClick={() => onAction(action)}
        >
          {label}
        </button>
      ))}
      <button type="button" className="button button-small button-link" onClick={onClear}>
        Clear selection
      </button>
      {count > 500 && <span className="field-error">At most 500 at once.</span>}
      <RoleNote reason={denied} />
    </div>
  );
}
