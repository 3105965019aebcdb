'use client';

import { useEffect, useState } from 'react';

/** Props of DebouncedInput. */
export interface DebouncedInputProps {
  label: string;
  value?: string;
  placeholder?: string;
  onCommit: (value: string | undefined) => void;
}

/** A labelled search box that commits its trimmed text 300 ms after typing stops (and shows outside changes). */
export function DebouncedInput({ label, value, placeholder, onCommit }: DebouncedInputProps) {
  const [text, setText] = useState(value ?? '');
  // When the committed value changes from outside (back button, shared link), show it: adjust state during render.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value ?? '');
  }
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === value) return;
    const timer = setTimeout(() => onCommit(next), 300);
    return () => clearTimeout(timer);
  }, [text, value, onCommit]);
  return (
    <label className="field-inline">
      <span>{label}</span>
      <input type="search" placeholder={placeholder} value={text} onChange={(e) => setText(e.target.value)} />
    </label>
  );
}
