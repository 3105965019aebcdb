'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { ApprovalItem } from '@/lib/api/dto';
import { decisionPayload, hasDecisionButtons, type Decision } from '@/lib/client/approval-payload';
import { formatAgo, formatCountdown, formatTime } from '@/lib/client/format';
import { raiseEvent } from '@/lib/client/mutations';

/** What happened when an approver acted on a row. */
export type RowOutcome = ({ kind: 'sent'; label: string } | { kind: 'failed'; error: unknown }) & {
  /** The event sent, when the approver typed its name (the row's own eventName is empty). */
  eventName?: string;
};

/** Props of ApprovalRow. */
export interface ApprovalRowProps {
  item: ApprovalItem;
  now: number;
  onOutcome: (item: ApprovalItem, outcome: RowOutcome) => void;
  onRaise: (item: ApprovalItem) => void;
}

/**
 * One waiting instance: who waits for what since when, its deadline, and Approve/Reject (or Raise event); for a
 * remote instance waiting for an event it did not name, a field for the event's name and a Raise button.
 */
export function ApprovalRow({ item, now, onOutcome, onRaise }: ApprovalRowProps) {
  const [comment, setComment] = useState('');
  const [typedName, setTypedName] = useState('');
  const commentId = useId();
  const nameId = useId();
  const unnamed = item.wait === 'unnamed';
  const declaration = item.event;
  const decide = useMutation({
    mutationFn: (decision: Decision) =>
      raiseEvent(item.instanceId, { eventName: item.eventName, payload: decisionPayload(declaration!, decision, comment) }),
    onSuccess: (_d, decision) => onOutcome(item, { kind: 'sent', label: decision === 'approve' ? 'Approved' : 'Rejected' }),
    onError: (error) => onOutcome(item, { kind: 'failed', error }),
  });
  const raiseNamed = useMutation({
    mutationFn: (eventName: string) => raiseEvent(item.instanceId, { eventName }),
    onSuccess: (_d, eventName) => onOutcome(item, { kind: 'sent', label: 'Raised', eventName }),
    onError: (error, eventName) => onOutcome(item, { kind: 'failed', error, eventName }),
  });
  const overdue = item.deadline ? Date.parse(item.deadline) <= now : false;
  return (
    <article className="approval-card" aria-label={`${item.workflowName} ${item.instanceId} waits for ${unnamed ? 'an external event' : item.eventName}`}>
      <div className="approval-main">
        <div className="approval-title">
          <strong>{item.workflowName}</strong>
          <Link className="mono" href={`/instances/${encodeURIComponent(item.instanceId)}`}>
            {item.instanceId}
          </Link>
        </div>
        <div className="approval-meta">
          {unnamed ? (
            <span>waits for an external event it did not name</span>
          ) : (
            <span>
              waits for <code>{item.eventName}</code>
            </span>
          )}
          {item.wait === 'declared' && <span className="muted">declared by its app (its SDK reports no event waits)</span>}
          <span title={`waiting since ${formatTime(item.waitingSince)}`}>{formatAgo(item.waitingSince, now)}</span>
          {item.deadline && (
            <span className={overdue ? 'deadline deadline-overdue' : 'deadline'} title={formatTime(item.deadline)}>
              times out {formatCountdown(item.deadline, now)}
            </span>
          )}
          {item.customStatus && <span className="muted">status: {item.customStatus}</span>}
        </div>
        {declaration?.description && <p className="muted approval-desc">{declaration.description}</p>}
        <code className="input-summary" title="Instance input">
          {item.inputSummary || '(no input)'}
        </code>
      </div>
      <div className="approval-actions">
        {unnamed ? (
          <form
            className="field-inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (typedName.trim()) raiseNamed.mutate(typedName.trim());
            }}
          >
            <label className="sr-only" htmlFor={nameId}>
              Event name for {item.instanceId}
            </label>
            <input id={nameId} type="text" placeholder="event name" value={typedName} onChange={(e) => setTypedName(e.target.value)} spellCheck={false} required />
            <button type="submit" className="button" disabled={raiseNamed.isPending || !typedName.trim()}>
              Raise
            </button>
          </form>
        ) : hasDecisionButtons(declaration) ? (
          <>
            {declaration.commentField && (
              <label className="field-inline" htmlFor={commentId}>
                <span className="sr-only">
                  {declaration.commentField} for {item.instanceId}
                </span>
                <input id={commentId} type="text" placeholder={`${declaration.commentField} (optional)`} value={comment} onChange={(e) => setComment(e.target.value)} />
              </label>
            )}
            <button type="button" className="button button-approve" aria-label={`Approve ${item.instanceId}`} disabled={decide.isPending} onClick={() => decide.mutate('approve')}>
              Approve
            </button>
            <button type="button" className="button button-danger-outline" aria-label={`Reject ${item.instanceId}`} disabled={decide.isPending} onClick={() => decide.mutate('reject')}>
              Reject
            </button>
          </>
        ) : (
          <button type="button" className="button" aria-label={`Raise event for ${item.instanceId}`} onClick={() => onRaise(item)}>
            Raise event
          </button>
        )}
      </div>
    </article>
  );
}
