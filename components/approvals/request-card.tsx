'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { ApprovalRequestView } from '@/lib/approvals/approval-view';
import { describeAssignees } from '@/lib/approvals/who-may-decide';
import { decideRequest } from '@/lib/client/approval-requests';
import { formatAgo, formatCountdown, formatTime } from '@/lib/client/format';
import { StatusBadge } from '@/components/ui/status-badge';

/** What a decision from this card came to: sent, or refused/failed with the server's sentence. */
export type DecisionOutcome = { kind: 'decided'; request: ApprovalRequestView } | { kind: 'failed'; error: unknown };

/** Props of RequestCard. */
export interface RequestCardProps {
  request: ApprovalRequestView;
  now: number;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onOutcome: (request: ApprovalRequestView, outcome: DecisionOutcome) => void;
}

/**
 * One approval request: its title and instance (with the instance's status: a paused one says the decision applies
 * on resume), who may decide, when it is due (overdue highlighted), the details, and Approve/Reject with a comment;
 * a decided or closed one shows who decided what and when, or why it closed.
 */
export function RequestCard({ request, now, selected, onSelect, onOutcome }: RequestCardProps) {
  const [comment, setComment] = useState('');
  const commentId = useId();
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') => decideRequest(request.id, decision, comment),
    onSuccess: (decided) => onOutcome(request, { kind: 'decided', request: decided }),
    onError: (error) => onOutcome(request, { kind: 'failed', error }),
  });
  const pending = request.status === 'pending';
  const paused = request.instanceStatus === 'SUSPENDED';
  const blocked = request.cannotDecide;
  const className = `approval-card request-card${request.overdue ? ' request-overdue' : ''}`;
  return (
    <article className={className} aria-label={`Approval request: ${request.title}`} data-request-id={request.id}>
      {pending && (
        <input
          type="checkbox"
          className="request-select"
          aria-label={`Select ${request.title}`}
          checked={selected}
          disabled={!!blocked}
          title={blocked}
          onChange={(e) => onSelect(e.target.checked)}
        />
      )}
      <div className="approval-main">
        <div className="approval-title">
          <strong>{request.title}</strong>
          {request.overdue && <span className="request-flag request-flag-overdue">Overdue</span>}
          {request.escalatedAt && <span className="request-flag">Escalated {formatAgo(request.escalatedAt, now)}</span>}
        </div>
        <div className="approval-meta">
          <span>
            {request.workflowName}{' '}
            <Link className="mono" href={`/instances/${encodeURIComponent(request.instanceId)}`}>
              {request.instanceId}
            </Link>
          </span>
          {request.instanceStatus ? <StatusBadge status={request.instanceStatus} /> : <span className="muted">instance purged</span>}
          <span>
            event <code>{request.eventName}</code>
          </span>
          <span>for {describeAssignees(request.assignees)}</span>
          <span title={`asked ${formatTime(request.createdAt)} by ${request.createdBy}`}>asked {formatAgo(request.createdAt, now)}</span>
          {request.dueAt && (
            <span className={request.overdue ? 'deadline deadline-overdue' : 'deadline'} title={`due ${formatTime(request.dueAt)}`}>
              {request.overdue ? `due ${formatAgo(request.dueAt, now)}` : `due ${formatCountdown(request.dueAt, now)}`}
            </span>
          )}
        </div>
        {request.details && <p className="muted approval-desc">{request.details}</p>}
        {pending && paused && (
          <p className="request-paused" role="note">
            The instance is paused: a decision is recorded now and applies when it resumes.
          </p>
        )}
        {request.decision && (
          <p className={request.decision.approved ? 'request-decision request-approved' : 'request-decision request-rejected'}>
            {request.decision.approved ? 'Approved' : 'Rejected'} by <strong>{request.decision.by}</strong> · {formatTime(request.decision.at)}
            {request.decision.comment && <> · “{request.decision.comment}”</>}
          </p>
        )}
        {request.status === 'closed' && <p className="muted">Closed without a decision: {request.closedReason}</p>}
        {pending && blocked && (
          <p className="role-note" data-testid="role-note">
            {blocked}
          </p>
        )}
      </div>
      {pending && (
        <div className="approval-actions">
          <label className="field-inline" htmlFor={commentId}>
            <span className="sr-only">Comment on {request.title}</span>
            <input id={commentId} type="text" placeholder="comment (optional)" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} disabled={!!blocked} />
          </label>
          <button
            type="button"
            className="button button-approve"
            aria-label={`Approve ${request.title}`}
            disabled={decide.isPending || !!blocked}
            title={blocked}
            onClick={() => decide.mutate('approve')}
          >
            Approve
          </button>
          <button
            type="button"
            className="button button-danger-outline"
            aria-label={`Reject ${request.title}`}
            disabled={decide.isPending || !!blocked}
            title={blocked}
            onClick={() => decide.mutate('reject')}
          >
            Reject
          </button>
        </div>
      )}
    </article>
  );
}
