'use client';

/** The longest reason the field takes (the audit trail keeps up to 1,000 characters). */
export const MAX_REASON_LENGTH = 500;

/**
 * An optional "Reason" text field for an instance control (pause, resume, terminate): the reason goes on the
 * history event and in the audit trail, and the timeline shows it ("paused by Ada · 10:42 · reason: …").
 */
export function ReasonField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <label className="field" style={{ maxWidth: '36rem' }}>
      <span>Reason (optional, shown on the timeline and in the audit trail)</span>
      <input type="text" value={value} maxLength={MAX_REASON_LENGTH} placeholder="Why pause, resume or terminate it?" onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
