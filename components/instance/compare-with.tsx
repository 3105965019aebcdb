'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { diffHref } from '@/components/diff/diff-href';

/** "Compare with…": another instance's ID, and the history diff of this instance with it. */
export function CompareWith({ instanceId }: { instanceId: string }) {
  const [other, setOther] = useState('');
  const router = useRouter();
  return (
    <form
      className="compare-with field-inline"
      aria-label="Compare with another instance"
      onSubmit={(e) => {
        e.preventDefault();
        if (other.trim()) router.push(diffHref(instanceId, other.trim()));
      }}
    >
      <label className="field-inline">
        <span>Compare with…</span>
        <input type="text" value={other} placeholder="another instance ID" onChange={(e) => setOther(e.target.value)} spellCheck={false} />
      </label>
      <button type="submit" className="button button-small" disabled={!other.trim()}>
        Compare
      </button>
    </form>
  );
}
