'use client';

import { useState } from 'react';
import { AUDIT_ACTIONS, type AuditSearch } from '@/lib/audit/audit-search';
import { isoToLocalInput, localInputToIso } from '@/lib/client/local-time';

/** The Audit page's filter form: person, action, instance, outcome and a time range (local time); applied on submit. */
export function AuditFilters({ search, onApply }: { search: AuditSearch; onApply: (next: AuditSearch) => void }) {
  const [draft, setDraft] = useState(() => ({
    actor: search.actor ?? '',
    action: search.action ?? '',
    instanceId: search.instanceId ?? '',
    outcome: search.outcome ?? '',
    from: isoToLocalInput(search.from),
    to: isoToLocalInput(search.to),
  }));
  const set = (field: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [field]: e.target.value });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    onApply({ ...draft, from: localInputToIso(draft.from), to: localInputToIso(draft.to) });
  };
  return (
    <form className="filter-bar" onSubmit={submit} aria-label="Audit filters">
      <label className="field-inline">
        <span>Person</span>
        <input type="text" value={draft.actor} onChange={set('actor')} placeholder="name, as listed" />
      </label>
      <label className="field-inline">
        <span>Action</span>
        <select value={draft.action} onChange={set('action')}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span>Instance</span>
        <input type="text" value={draft.instanceId} onChange={set('instanceId')} placeholder="instance ID" />
      </label>
      <label className="field-inline">
        <span>Outcome</span>
        <select value={draft.outcome} onChange={set('outcome')}>
          <option value="">Any outcome</option>
          <option value="ok">ok</option>
          <option value="refused">refused</option>
          <option value="failed">failed</option>
        </select>
      </label>
      <label className="field-inline">
        <span>From</span>
        <input type="datetime-local" value={draft.from} onChange={set('from')} />
      </label>
      <label className="field-inline">
        <span>To</span>
        <input type="datetime-local" value={draft.to} onChange={set('to')} />
      </label>
      <button type="submit" className="button button-small button-primary">
        Apply filters
      </button>
      <button type="button" className="button button-small" onClick={() => onApply({})}>
        Clear
      </button>
    </form>
  );
}
