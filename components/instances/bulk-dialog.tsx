'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ReasonField } from '@/components/audit/reason-field';
import type { BulkAction, BulkResponse } from '@/lib/api/dto';
import { bulkAction } from '@/lib/client/mutations';
import { queryKeys } from '@/lib/client/queries';
import { ErrorBanner } from '@/components/ui/error-banner';
import { ModalDialog } from '@/components/ui/modal-dialog';

const VERB: Record<BulkAction, string> = { pause: 'Pause', resume: 'Resume', terminate: 'Terminate', purge: 'Purge' };

/** Props of BulkDialog. */
export interface BulkDialogProps {
  action: BulkAction;
  instanceIds: string[];
  onClose: (applied: boolean) => void;
}

/**
 * Confirms a bulk action on ticked rows with what a dry run says it would do, listing every ID it acts on (a
 * skipped one with why), applies it, then lists each instance's outcome.
 */
export function BulkDialog({ action, instanceIds, onClose }: BulkDialogProps) {
  const client = useQueryClient();
  const dryRun = useQuery({
    queryKey: ['bulk-dry-run', action, instanceIds],
    queryFn: () => bulkAction(action, instanceIds, true),
    gcTime: 0,
    staleTime: Infinity,
  });
  const [reason, setReason] = useState('');
  const apply = useMutation({
    mutationFn: () => bulkAction(action, instanceIds, false, reason.trim() || undefined),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.instances }),
  });
  const verb = VERB[action];
  const done = apply.data;
  const footer = done ? (
    <button type="button" className="button" onClick={() => onClose(true)} data-autofocus>
      Close
    </button>
  ) : (
    <>
      <button type="button" className="button" onClick={() => onClose(false)}>
        Cancel
      </button>
      <button
        type="button"
        className={action === 'terminate' || action === 'purge' ? 'button button-danger' : 'button button-primary'}
        disabled={!dryRun.data || apply.isPending || accepted(dryRun.data) === 0}
        onClick={() => apply.mutate()}
      >
        {apply.isPending ? `${verb}…` : `${verb} ${accepted(dryRun.data)} instance${accepted(dryRun.data) === 1 ? '' : 's'}`}
      </button>
    </>
  );
  return (
    <ModalDialog open title={`${verb} ${instanceIds.length} selected instance${instanceIds.length === 1 ? '' : 's'}`} onClose={() => onClose(!!done)} footer={footer} wide>
      {dryRun.isPending && <p className="muted">Checking what this would do…</p>}
      <ErrorBanner error={dryRun.error} prefix="Could not check the selection" />
      <ErrorBanner error={apply.error} prefix={`${verb} failed`} />
      {dryRun.data && !done && <DryRunSummary action={action} response={dryRun.data} />}
      {dryRun.data && !done && <ReasonField value={reason} onChange={setReason} />}
      {done && <Outcomes response={done} verb={verb} />}
    </ModalDialog>
  );
}

function accepted(response: BulkResponse | undefined): number {
  return response ? response.results.filter((r) => r.ok).length : 0;
}

function DryRunSummary({ action, response }: { action: BulkAction; response: BulkResponse }) {
  const ok = accepted(response);
  const skipped = response.results.filter((r) => !r.ok);
  const descendants = response.affectedDescendants ?? 0;
  return (
    <div className="bulk-summary">
      <p>
        <strong>{ok}</strong> instance{ok === 1 ? '' : 's'} will be {pastTense(action)}.
        {action === 'terminate' && (
          <>
            {' '}
            <strong>{descendants}</strong> child workflow{descendants === 1 ? '' : 's'} will be terminated with them.
          </>
        )}
        {action === 'purge' && descendants > 0 && (
          <>
            {' '}
            <strong>{descendants}</strong> child workflow{descendants === 1 ? '' : 's'} will be deleted with them.
          </>
        )}
      </p>
      {skipped.length > 0 && <p className="muted">{skipped.length} will be skipped.</p>}
      <ResultList response={response} label="Instances this acts on" okText={`will be ${pastTense(action)}`} />
    </div>
  );
}

function Outcomes({ response, verb }: { response: BulkResponse; verb: string }) {
  const ok = accepted(response);
  return (
    <div className="bulk-summary">
      <p role="status">
        {verb}: {ok} succeeded, {response.results.length - ok} failed.
      </p>
      <ResultList response={response} />
    </div>
  );
}

function ResultList({ response, label = 'Outcome per instance', okText = 'ok' }: { response: BulkResponse; label?: string; okText?: string }) {
  return (
    <ul className="result-list" aria-label={label}>
      {response.results.map((r) => (
        <li key={r.instanceId} className={r.ok ? 'result-ok' : 'result-fail'}>
          <span className="mono">{r.instanceId}</span>
          <span>{r.ok ? okText : `${r.errorCode ?? 'error'}: ${r.message ?? ''}`}</span>
        </li>
      ))}
    </ul>
  );
}

function pastTense(action: BulkAction): string {
  return { pause: 'paused', resume: 'resumed', terminate: 'terminated', purge: 'purged' }[action];
}
