'use client';

import { useState } from 'react';

/** A payload pretty-printed as JSON (or shown as is when it is not JSON), with a Copy button. */
export function JsonBlock({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const text = pretty(value);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="tl-json">
      <header>
        <h4>{label}</h4>
        <button type="button" className="tl-btn tl-btn--small" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </header>
      <pre>{text}</pre>
    </section>
  );
}

function pretty(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}
