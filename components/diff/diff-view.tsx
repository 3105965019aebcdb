'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { formatDuration } from '@/lib/client/format';
import { diffHistories, type DiffDifference, type DiffItem, type DiffRow } from '@/lib/graph/history-diff';
import { ErrorBanner } from '@/components/ui/error-banner';
import { StatusBadge } from '@/components/ui/status-badge';
import { diffHref } from './diff-href';
import { useDiffSide } from './diff-side';
import './diff.css';

/** Most rows the page draws (a history of tens of thousands of events still diffs, the table shows the first ones). */
const MAX_ROWS = 2_000;

const DIFFERENCE_LABEL: Record<DiffDifference, string> = {
  onlyLeft: 'only on the left',
  onlyRight: 'only on the right',
  name: 'different task',
  input: 'different input',
  outcome: 'different outcome',
  output: 'different output',
  attempts: 'different attempts',
  timing: 'different timing',
};

/** The history diff page: pick two instances, see their histories aligned with the first divergence marked. */
export function DiffView({ left, right, leftExecution, rightExecution }: { left: string; right: string; leftExecution?: string; rightExecution?: string }) {
  const a = useDiffSide(left, leftExecution);
  const b = useDiffSide(right, rightExecution);
  const diff = useMemo(() => (a.history.data && b.history.data ? diffHistories(a.history.data, b.history.data) : undefined), [a.history.data, b.history.data]);
  return (
    <section className="diff-page">
      <h1>Compare histories</h1>
      <DiffPicker left={left} right={right} />
      <ErrorBanner error={a.error} prefix={`Could not load ${left}`} />
      <ErrorBanner error={b.error} prefix={`Could not load ${right}`} />
      {left && right && !diff && !a.error && !b.error && <p className="empty">Loading histories…</p>}
      {diff && (
        <>
          <DiffSummary diff={diff} />
          <table className="data-table diff-table">
            <thead>
              <tr>
                <th scope="col">
                  <SideHead side={a} id={left} />
                </th>
                <th scope="col">Difference</th>
                <th scope="col">
                  <SideHead side={b} id={right} />
                </th>
              </tr>
            </thead>
            <tbody>
              {diff.rows.slice(0, MAX_ROWS).map((row, i) => (
                <DiffTableRow key={row.key} row={row} first={i === diff.firstDivergence} />
              ))}
            </tbody>
          </table>
          {diff.rows.length > MAX_ROWS && <p className="muted">Showing the first {MAX_ROWS} of {diff.rows.length} rows.</p>}
        </>
      )}
    </section>
  );
}

function DiffPicker({ left, right }: { left: string; right: string }) {
  const [l, setL] = useState(left);
  const [r, setR] = useState(right);
  const router = useRouter();
  return (
    <form
      className="diff-picker"
      aria-label="Instances to compare"
      onSubmit={(e) => {
        e.preventDefault();
        if (l.trim() && r.trim()) router.push(diffHref(l.trim(), r.trim()));
      }}
    >
      <label className="field-inline">
        <span>Left</span>
        <input type="text" value={l} onChange={(e) => setL(e.target.value)} placeholder="instance ID" spellCheck={false} />
      </label>
      <label className="field-inline">
        <span>Right</span>
        <input type="text" value={r} onChange={(e) => setR(e.target.value)} placeholder="instance ID" spellCheck={false} />
      </label>
      <button type="submit" className="button button-small button-primary" disabled={!l.trim() || !r.trim()}>
        Compare
      </button>
      {left && right && (
        <Link className="button button-small" href={diffHref(right, left)}>
          Swap sides
        </Link>
      )}
    </form>
  );
}

function SideHead({ side, id }: { side: ReturnType<typeof useDiffSide>; id: string }) {
  return (
    <span className="diff-side-head">
      <Link href={`/instances/${encodeURIComponent(id)}`} className="mono">
        {id}
      </Link>{' '}
      {side.instance.data && <StatusBadge status={side.instance.data.runtimeStatus} />}
    </span>
  );
}

function DiffSummary({ diff }: { diff: ReturnType<typeof diffHistories> }) {
  const { counts, firstDivergence, firstTimingDifference } = diff;
  return (
    <div className="diff-summary" role="status" aria-label="Comparison summary">
      <span>
        {counts.same} same · {counts.changed} changed · {counts.onlyLeft} only left · {counts.onlyRight} only right
      </span>
      {firstDivergence === undefined ? (
        <span>The two histories do the same{firstTimingDifference !== undefined ? ' (timings differ)' : ''}.</span>
      ) : (
        <a href="#first-divergence">Go to the first divergence (row {firstDivergence + 1})</a>
      )}
    </div>
  );
}

function DiffTableRow({ row, first }: { row: DiffRow; first: boolean }) {
  const kind = !row.left || !row.right ? 'diff-row-missing' : row.differences.some((d) => d !== 'timing') ? 'diff-row-changed' : row.differences.length ? 'diff-row-timing' : '';
  return (
    <tr className={`${kind}${first ? ' diff-row-first' : ''}`} id={first ? 'first-divergence' : undefined} aria-label={first ? 'First divergence' : undefined}>
      <td>{row.left ? <ItemCell item={row.left} /> : <span className="muted">—</span>}</td>
      <td>
        <div className="diff-differences">
          {first && <strong className="diff-first-label">First divergence</strong>}
          {row.differences.map((d) => (
            <span key={d} className={`diff-chip diff-chip-${d}`}>
              {DIFFERENCE_LABEL[d]}
            </span>
          ))}
        </div>
      </td>
      <td>{row.right ? <ItemCell item={row.right} /> : <span className="muted">—</span>}</td>
    </tr>
  );
}

function ItemCell({ item }: { item: DiffItem }) {
  const duration = item.endedAt ? Date.parse(item.endedAt) - Date.parse(item.startedAt) : undefined;
  return (
    <div className="diff-item">
      <div>
        <span className="diff-kind">{item.kind}</span> {item.name && <strong>{item.name}</strong>}
        {item.taskId !== undefined && <span className="muted"> · task {item.taskId}</span>}
        {item.outcome && item.outcome !== item.name && <span className={`diff-outcome diff-outcome-${item.outcome.toLowerCase()}`}> · {item.outcome.toLowerCase()}</span>}
        {duration !== undefined && <span className="muted"> · {formatDuration(duration)}</span>}
        {item.attempts !== undefined && item.attempts > 1 && <span className="muted"> · {item.attempts} attempts</span>}
      </div>
      {item.input !== undefined && <Payload label="in" text={item.input} />}
      {item.output !== undefined && <Payload label="out" text={item.output} />}
      {item.failure && <Payload label="error" text={`${item.failure.errorType}: ${item.failure.message}`} />}
    </div>
  );
}

function Payload({ label, text }: { label: string; text: string }) {
  return (
    <div className="diff-payload" title={text}>
      <span className="muted">{label}</span> <code>{text.length > 160 ? `${text.slice(0, 160)}…` : text}</code>
    </div>
  );
}
