'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkJobDryRun } from '@/lib/api/bulk-job-handlers';
import type { BulkJobAction } from '@/lib/bulk-jobs/bulk-job-runner';
import { CONFIRM_ABOVE, confirmationOf, describeBulkFilter } from '@/lib/client/bulk-jobs';
import { bulkJobDryRun, startBulkJob } from '@/lib/client/mutations';
import { queryKeys } from '@/lib/client/queries';
import { ReasonField } from '@/components/audit/reason-field';
import { ErrorBanner } from '@/components/ui/error-banner';
import { ModalDialog } from '@/components/ui/modal-dialog';

/** The label of each bulk-job action. */
export const JOB_VERB: Record<BulkJobAction, string> = { pause: 'Pause', resume: 'Resume', terminate: 'Terminate', purge: 'Purge', rerun: 'Rerun' };

/** Props of BulkJobDialog. */
export interface BulkJobDialogProps {
  action: BulkJobAction;
  /** The list's filter as GET /api/instances's query string (no page). */
  filter: string;
  onClose: (started: boolean) => void;
}

/**
 * Starts a bulk job over every instance a filter matches: a dry run first (count, first IDs, what would be skipped
 * and why), an optional reason, above 100 instances a typed confirmation (the count or the action word), then Run.
 */
export function BulkJobDialog({ action, filter, onClose }: BulkJobDialogProps) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const dryRun = useQuery({ queryKey: ['bulk-job-dry-run', action, filter], queryFn: () => bulkJobDryRun({ action, filter }), gcTime: 0, staleTime: Infinity });
  const start = useMutation({
    mutationFn: () => startBulkJob({ action, filter, reason, confirm: typed.trim() || undefined }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.bulkJobs });
      onClose(true);
    },
  });
  const verb = JOB_VERB[action];
  const total = dryRun.data?.total ?? 0;
  const acted = dryRun.data ? actedOn(dryRun.data) : 0;
  const confirmation = confirmationOf(typed, total, action);
  const footer = (
    <>
      <button type="button" className="button" onClick={() => onClose(false)}>
        Cancel
      </button>
      <button
        type="button"
        className={action === 'terminate' || action === 'purge' ? 'button button-danger' : 'button button-primary'}
        disabled={!dryRun.data || acted === 0 || start.isPending || confirmation === 'missing' || confirmation === 'wrong'}
        onClick={() => start.mutate()}
      >
        {start.isPending ? 'Starting…' : 'Run'}
      </button>
    </>
  );
  return (
    <ModalDialog open title={`${verb} every instance matching this filter`} onClose={() => onClose(false)} footer={footer} wide>
      <p className="muted">Filter: {describeBulkFilter(filter)}</p>
      {dryRun.isPending && <p className="muted">Counting what this filter matches…</p>}
      <ErrorBanner error={dryRun.error} prefix="Could not check the filter" />
      {dryRun.data && <DryRunSummary action={action} dryRun={dryRun.data} />}
      {dryRun.data && acted === 0 && <p className="muted">Nothing to {action}: the job would skip every instance.</p>}
      {dryRun.data && acted > 0 && (
        <>
          <ReasonField value={reason} onChange={setReason} />
          {total > CONFIRM_ABOVE && (
            <label className="field" style={{ maxWidth: '36rem' }}>
              <span>
                This acts on {total} instances: type <strong>{total}</strong> or <strong>{action}</strong> to confirm
              </span>
              <input type="text" value={typed} onChange={(e) => setTyped(e.target.value)} aria-invalid={confirmation === 'wrong'} />
              {confirmation === 'wrong' && (
                <span className="field-error" role="alert">
                  “{typed.trim()}” is neither {total} nor {action}: type one of them exactly.
                </span>
              )}
            </label>
          )}
        </>
      )}
      <ErrorBanner error={start.error} prefix={`${verb} job not started`} />
    </ModalDialog>
  );
}

/** How many instances of a dry run the job would act on (not skip). */
function actedOn(dryRun: BulkJobDryRun): number {
  return dryRun.total - Object.values(dryRun.wouldSkip).reduce((sum, n) => sum + n, 0) - (dryRun.liveChildren?.count ?? 0);
}

function DryRunSummary({ action, dryRun }: { action: BulkJobAction; dryRun: BulkJobDryRun }) {
  const skips = Object.entries(dryRun.wouldSkip);
  const skipped = dryRun.total - actedOn(dryRun);
  const applies = `${action} applies to ${dryRun.allowedStatuses.join(', ')} only`;
  return (
    <div className="bulk-summary" data-testid="bulk-job-dry-run">
      <p>
        <strong>{dryRun.total}</strong> instance{dryRun.total === 1 ? '' : 's'} match this filter; <strong>{dryRun.total - skipped}</strong> would be acted on
        {skipped > 0 ? `, ${skipped} skipped` : ''}.
      </p>
      {(skips.length > 0 || (dryRun.liveChildren?.count ?? 0) > 0) && (
        <ul aria-label="Would be skipped">
          {skips.map(([status, n]) => (
            <li key={status}>
              {n} {status}: {applies}
            </li>
          ))}
          {dryRun.liveChildren && dryRun.liveChildren.count > 0 && (
            <li>
              {dryRun.liveChildren.count} with a live child workflow (a purge deletes the children too; terminate them first): {dryRun.liveChildren.sample.join(', ')}
            </li>
          )}
        </ul>
      )}
      {dryRun.sample.length > 0 && (
        <>
          <p className="muted">
            {dryRun.sample.length < dryRun.total ? `The first ${dryRun.sample.length} of ${dryRun.total}:` : 'All of them:'}
          </p>
          <ul className="result-list" aria-label="Sample of matching instances">
            {dryRun.sample.map((id) => (
              <li key={id} className="mono">
                {id}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
