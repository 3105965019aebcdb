'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ExecutionBody, ExecutionsResponse } from '@/lib/api/executions';
import { formatTime } from '@/lib/client/format';
import { diffHref } from '@/components/diff/diff-href';
import './recovery.css';

/** The URL of one execution of an instance on its page (the current one: the plain instance page). */
export function executionHref(instanceId: string, execution: ExecutionBody): string {
  const base = `/instances/${encodeURIComponent(instanceId)}`;
  return execution.current ? base : `${base}?execution=${encodeURIComponent(execution.executionId)}`;
}

/**
 * Steps through a continued-as-new instance's executions: "Execution 3 of 7", previous and next, and a list of the
 * kept ones (older ones beyond the retention are counted but gone). Nothing for an instance with one execution.
 */
export function ExecutionsNav({ instanceId, executions, shown }: { instanceId: string; executions: ExecutionsResponse; shown: ExecutionBody }) {
  const router = useRouter();
  const list = executions.executions;
  if (executions.total <= 1) return null;
  const at = list.findIndex((e) => e.executionId === shown.executionId);
  const previous = at > 0 ? list[at - 1] : undefined;
  const next = at >= 0 && at < list.length - 1 ? list[at + 1] : undefined;
  const dropped = executions.total - list.length;
  return (
    <nav className="executions-nav" aria-label="Executions">
      <span className="executions-position">
        Execution {shown.index} of {executions.total}
      </span>
      {previous ? <Link className="button button-small" href={executionHref(instanceId, previous)}>Previous execution</Link> : <span className="button button-small" aria-disabled="true">Previous execution</span>}
      {next ? <Link className="button button-small" href={executionHref(instanceId, next)}>Next execution</Link> : <span className="button button-small" aria-disabled="true">Next execution</span>}
      <label className="field-inline">
        <span>Go to</span>
        <select value={shown.executionId} onChange={(e) => router.push(executionHref(instanceId, list.find((x) => x.executionId === e.target.value)!))}>
          {list.map((e) => (
            <option key={e.executionId} value={e.executionId}>
              {e.index}. {e.current ? `current (${e.status.toLowerCase()})` : `closed ${formatTime(e.closedAt)}`}
            </option>
          ))}
        </select>
      </label>
      {previous && (
        <Link href={diffHref(instanceId, instanceId, { left: previous.executionId, right: shown.executionId })}>Compare with the previous execution</Link>
      )}
      {dropped > 0 && <span className="muted">{dropped} older {dropped === 1 ? 'execution is' : 'executions are'} no longer kept</span>}
      {!shown.current && <span className="muted">A closed execution: read-only, continued as new with the input below.</span>}
    </nav>
  );
}
