'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BulkJobView } from '@/lib/api/bulk-job-handlers';
import type { BulkJobAction } from '@/lib/bulk-jobs/bulk-job-runner';
import { errorMessage } from '@/lib/client/api-error';
import { describeBulkFilter } from '@/lib/client/bulk-jobs';
import { cancelBulkJob } from '@/lib/client/mutations';
import { queryKeys } from '@/lib/client/queries';
import type { TimeZoneChoice } from '@/lib/client/time-zone';
import { JOB_VERB } from './bulk-job-dialog';
import { TimeCell } from './time-cell';

/** How many IDs of each outcome a job keeps (lib/bulk-jobs' KEPT_OUTCOMES). */
const KEPT = 20;

/** Props of BulkJobCard. */
export interface BulkJobCardProps {
  job: BulkJobView;
  /** Why the signed-in role may not cancel (undefined: it may). */
  denied: string | undefined;
  now: number;
  zone: TimeZoneChoice;
}

/**
 * One bulk job: action, filter in words, who, why, status, a progress bar (processed / total), the counts with the
 * first skipped (and why) and failed IDs, the first succeeded IDs, and Cancel while it runs (operators only).
 */
export function BulkJobCard({ job, denied, now, zone }: BulkJobCardProps) {
  const client = useQueryClient();
  const cancel = useMutation({ mutationFn: () => cancelBulkJob(job.id), onSettled: () => client.invalidateQueries({ queryKey: queryKeys.bulkJobs }) });
  const verb = JOB_VERB[job.action as BulkJobAction] ?? job.action;
  const running = job.status === 'running';
  return (
    <article className="bulk-job" aria-label={`${verb} job ${job.id}`} data-status={job.status}>
      <header className="bulk-job-head">
        <strong>{verb}</strong>
        <span className={`badge badge-${job.status}`}>{running && job.cancelRequested ? 'canceling' : job.status}</span>
        <span className="muted">{describeBulkFilter(job.filter)}</span>
        <span className="muted">
          by {job.actor || 'unknown'} · <TimeCell iso={job.createdAt} now={now} zone={zone} />
        </span>
        {running && (
          <button type="button" className="button button-small button-danger-outline" disabled={!!denied || job.cancelRequested || cancel.isPending} title={denied} onClick={() => cancel.mutate()}>
            {job.cancelRequested ? 'Cancel requested' : 'Cancel job'}
          </button>
        )}
      </header>
      {job.reason && <p className="muted">Reason: {job.reason}</p>}
      <div className="bulk-job-progress">
        <progress max={job.total} value={job.processed} aria-label={`Progress of the ${verb.toLowerCase()} job`} />
        <span data-testid="job-progress">
          {job.processed} / {job.total}
        </span>
        <span data-testid="job-counts">
          {job.succeeded} succeeded · {job.skipped} skipped · {job.failed} failed
        </span>
      </div>
      {cancel.error && (
        <p className="field-error" role="alert">
          Could not cancel: {errorMessage(cancel.error)}
        </p>
      )}
      <Outcomes job={job} />
    </article>
  );
}

function Outcomes({ job }: { job: BulkJobView }) {
  const { succeeded, skipped, failed } = job.outcomes;
  if (!succeeded.length && !skipped.length && !failed.length) return null;
  return (
    <details className="bulk-job-outcomes">
      <summary>Instances: the first {KEPT} of each outcome</summary>
      <ul className="result-list" aria-label="Outcomes of the job">
        {failed.map((f) => (
          <li key={`f-${f.instanceId}`} className="result-fail">
            <span className="mono">{f.instanceId}</span>
            <span>failed: {f.message}</span>
          </li>
        ))}
        {skipped.map((s) => (
          <li key={`s-${s.instanceId}`} className="result-fail">
            <span className="mono">{s.instanceId}</span>
            <span>skipped: {s.reason}</span>
          </li>
        ))}
        {succeeded.map((id) => (
          <li key={`o-${id}`} className="result-ok">
            <span className="mono">{id}</span>
            <span>succeeded</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
