'use client';

import { useId } from 'react';
import { parseJsonText } from '@/lib/client/json-text';

/** Props of JsonEditor. */
export interface JsonEditorProps {
  label: string;
  value: string;
  onChange: (text: string) => void;
  rows?: number;
}

/** A monospace textarea for JSON that shows, as you type, where the text stops being valid JSON. */
export function JsonEditor({ label, value, onChange, rows = 6 }: JsonEditorProps) {
  const id = useId();
  const parsed = parseJsonText(value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="json-input"
        rows={rows}
        spellCheck={false}
        value={value}
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? undefined : `${id}-error`}
        onChange={(e) => onChange(e.target.value)}
      />
      {!parsed.ok && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {parsed.message}
        </p>
      )}
    </div>
  );
}
