'use client';

import { useEffect, type ReactNode } from 'react';
import type { FailureDetails } from '@/lib/engine/failure-details';
import { formatDuration, formatTimestamp, KIND_LABEL, OUTCOME_LABEL } from '@/lib/graph/labels';
import type { TaskAttempt, TimelineMark, TimelineTask } from '@/lib/graph/timeline-model';
import { JsonBlock } from './json-block';
import { TimelineIcon } from './outcome-icon';
import { useTimelineActions } from './timeline-context';
import { markActorCaption, raisedByCaption } from '@/lib/graph/actor-caption';

/** What the side panel shows: a task or a lifecycle mark. */
export type DetailsSubject = { type: 'task'; task: TimelineTask } | { type: 'mark'; mark: TimelineMark };

/** The side panel for a clicked node: timestamps, attempts, input, output or error, and a link to a child workflow. */
export function TaskDetailsPanel({ subject, onClose }: { subject: DetailsSubject; onClose: () => void }) {
  const title = subject.type === 'task' ? subject.task.name : subject.mark.label;
  // Esc closes the panel (unless a dialog is open: Esc is the dialog's then).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="tl-panel" aria-label={`Details of ${title}`}>
      <header className="tl-panel__head">
        <div>
          <div className="tl-panel__kind">{subject.type === 'task' ? KIND_LABEL[subject.task.kind] : 'Instance'}</div>
          <h3>{title}</h3>
        </div>
        <button type="button" className="tl-btn tl-btn--icon" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      {subject.type === 'task' ? <TaskDetails task={subject.task} /> : <MarkDetails mark={subject.mark} />}
    </aside>
  );
}

function TaskDetails({ task }: { task: TimelineTask }) {
  const { childLink, onRaiseEvent, onRerun } = useTimelineActions();
  const end = task.endedAt ? Date.parse(task.endedAt) - Date.parse(task.startedAt) : undefined;
  return (
    <div className="tl-panel__body">
      <span className={`tl-pill is-${task.outcome}`}>
        <TimelineIcon name={task.outcome} size={12} /> {OUTCOME_LABEL[task.outcome]}
        {task.current && ' · waited on now'}
      </span>
      <dl className="tl-facts">
        {task.taskIds.length > 0 && <Fact label="Task ID">{task.taskIds.join(', ')}</Fact>}
        <Fact label={task.arrived ? 'Arrived' : 'Started'}>{formatTimestamp(task.startedAt)}</Fact>
        {task.endedAt && !task.arrived && <Fact label="Ended">{formatTimestamp(task.endedAt)}</Fact>}
        {end !== undefined && !task.arrived && <Fact label="Duration">{formatDuration(end)}</Fact>}
        {task.fireAt && <Fact label={task.kind === 'timer' ? 'Fires at' : 'Deadline'}>{formatTimestamp(task.fireAt)}</Fact>}
        {task.maxAttempts && <Fact label="Retry policy">up to {task.maxAttempts} attempts</Fact>}
        {task.retryAt && <Fact label="Next attempt">{formatTimestamp(task.retryAt)}</Fact>}
        {task.targetInstanceId && <Fact label="Sent to">{task.targetInstanceId}</Fact>}
        {task.raisedBy && <Fact label="Raised by">{raisedByCaption(task, formatTimestamp)}</Fact>}
        {task.childInstanceId && (
          <Fact label="Child instance">
            {childLink ? <a href={childLink(task.childInstanceId)}>{task.childInstanceId}</a> : task.childInstanceId}
          </Fact>
        )}
      </dl>
      {task.kind === 'event' && task.current && onRaiseEvent && (
        <button type="button" className="tl-btn tl-btn--primary" onClick={() => onRaiseEvent(task.name)}>
          Raise {task.name}
        </button>
      )}
      {onRerun && (task.kind === 'activity' || task.kind === 'child' || task.kind === 'timer') && (
        <button type="button" className="tl-btn" onClick={() => onRerun(task)}>
          Rerun from here
        </button>
      )}
      {task.attempts.length > 1 && <Attempts attempts={task.attempts} />}
      {task.input !== undefined && <JsonBlock label="Input" value={task.input} />}
      {task.output !== undefined && <JsonBlock label={task.kind === 'event' ? 'Payload' : 'Output'} value={task.output} />}
      {task.failure && <FailureBlock failure={task.failure} />}
    </div>
  );
}

function Attempts({ attempts }: { attempts: TaskAttempt[] }) {
  return (
    <section className="tl-attempts">
      <h4>Attempts</h4>
      <ol>
        {attempts.map((a) => (
          <li key={a.taskId} className={`is-${a.outcome}`}>
            <TimelineIcon name={a.outcome} size={12} />
            <span className="tl-attempts__n">#{a.attempt}</span>
            <span>{formatTimestamp(a.scheduledAt)}</span>
            {a.endedAt && <span className="muted">{formatDuration(Date.parse(a.endedAt) - Date.parse(a.scheduledAt))}</span>}
            {a.failure && <span className="tl-attempts__error">{a.failure.message}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function MarkDetails({ mark }: { mark: TimelineMark }) {
  return (
    <div className="tl-panel__body">
      <dl className="tl-facts">
        <Fact label="At">{formatTimestamp(mark.at)}</Fact>
        {mark.generation !== undefined && <Fact label="Generation">{mark.generation}</Fact>}
        {mark.actor && <Fact label="By">{mark.actor.name}</Fact>}
        {mark.reason && <Fact label="Reason">{mark.reason}</Fact>}
        {mark.actor && <Fact label="Who, when, why">{markActorCaption(mark, formatTimestamp)}</Fact>}
      </dl>
      {mark.payload !== undefined && <JsonBlock label={mark.kind === 'start' || mark.kind === 'restart' ? 'Input' : 'Output'} value={mark.payload} />}
      {mark.failure && <FailureBlock failure={mark.failure} />}
    </div>
  );
}

function FailureBlock({ failure }: { failure: FailureDetails }) {
  return (
    <section className="tl-failure">
      <h4>Error</h4>
      <div className="tl-failure__type">{failure.errorType}</div>
      <div className="tl-failure__message">{failure.message}</div>
      {failure.stackTrace && <JsonBlock label="Stack trace" value={failure.stackTrace} />}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
