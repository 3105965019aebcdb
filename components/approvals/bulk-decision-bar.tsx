'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '@/lib/client/api-error';
import { decideRequests } from '@/lib/client/approval-requests';

/** Props of BulkDecisionBar. */
export interface BulkDecisionBarProps {
  ids: string[];
  /** Called with a one-line summary once the server answered (each refusal is named in it). */
  onDone: (summary: string, tone: 'ok' | 'warn' | 'error') => void;
}

/** Approve or reject the selected requests with one comment; says how many were decided and why others were not. */
export function BulkDecisionBar({ ids, onDone }: BulkDecisionBarProps) {
  const [comment, setComment] = useState('');
  const commentId = useId();
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') => decideRequests(ids, decision, comment),
    onSuccess: (answer, decision) => {
      const verb = decision === 'approve' ? 'Approved' : 'Rejected';
      const refusals = answer.results.flatMap((r) => (r.ok ? [] : [r.message]));
      const summary = `${verb} ${answer.decided} of ${ids.length}.${refusals.length ? ` Not decided: ${refusals.join(' · ')}` : ''}`;
      onDone(summary, refusals.length ? 'warn' : 'ok');
    },
    onError: (error) => onDone(`Nothing decided: ${errorMessage(error)}`, 'error'),
  });
  return (
    <div className="bulk-bar" role="region" aria-label="Decide the selected requests">
      <strong>{ids.length} selected</strong>
      <label className="field-inline" htmlFor={commentId}>
        <span className="sr-only">Comment for the selected requests</span>
        <input id={commentId} type="text" placeholder="one comment for all (optional)" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="button" className="button button-approve" disabled={decide.isPending} onClick={() => decide.mutate('approve')}>
        Approve selected
      </button>
      <button type="button" className="button button-danger-outline" disabled={decide.isPending} onClick={() => decide.mutate('reject')}>
        Reject selected
      </button>
    </div>
  );
}
