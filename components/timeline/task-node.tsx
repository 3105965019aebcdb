'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TaskNodeData } from '@/lib/graph/history-to-flow';
import { attemptLabel, formatDuration, KIND_LABEL, OUTCOME_LABEL } from '@/lib/graph/labels';
import type { TimelineTask } from '@/lib/graph/timeline-model';
import { TimelineIcon } from './outcome-icon';
import { useTimelineActions } from './timeline-context';

/** One task of the timeline: icon and colour by outcome, name, kind, duration, attempts, and a Raise button while an event is awaited. */
export const TaskNode = memo(function TaskNode({ data }: NodeProps<Node<TaskNodeData, 'task'>>) {
  const { task, raisable } = data;
  const { now, onRaiseEvent } = useTimelineActions();
  const elapsed = !task.endedAt && now !== undefined ? Math.max(0, now - Date.parse(task.startedAt)) : data.durationMs;
  const meta = elapsed !== undefined ? detail(task, elapsed, now) : undefined;
  return (
    <div className={`tl-task is-${task.outcome}${task.current ? ' is-current' : ''}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="tl-task__icon" title={KIND_LABEL[task.kind]}>
        <TimelineIcon name={task.kind} />
      </div>
      <div className="tl-task__body">
        <div className="tl-task__title" title={task.name}>
          {task.name}
        </div>
        <div className="tl-task__meta">
          <span className="tl-status">
            <TimelineIcon name={task.outcome} size={12} />
            {OUTCOME_LABEL[task.outcome]}
          </span>
          {meta !== undefined && <span title={meta}>{meta}</span>}
        </div>
      </div>
      {task.attempts.length > 1 && (
        <span className="tl-task__badge" title={`${task.attempts.length} attempts`}>
          {attemptLabel(task)}
        </span>
      )}
      {raisable && onRaiseEvent && (
        <button type="button" className="tl-raise nodrag nopan" onClick={(e) => { e.stopPropagation(); onRaiseEvent(task.unnamed ? '' : task.name); }}>
          Raise
        </button>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

function detail(task: TimelineTask, elapsed: number, now: number | undefined): string {
  if (task.outcome === 'waiting' && task.retryAt) return `retry ${until(task.retryAt, now)}`;
  if (task.outcome === 'waiting' && task.fireAt) return `${task.kind === 'timer' ? 'fires' : 'deadline'} ${until(task.fireAt, now)}`;
  if (task.outcome === 'unmatched') return 'nothing waited for it';
  if (task.arrived) return 'arrived';
  if (task.kind === 'eventSent') return `to ${task.targetInstanceId ?? 'instance'}`;
  return formatDuration(elapsed);
}

function until(iso: string, now: number | undefined): string {
  const left = Date.parse(iso) - (now ?? Date.parse(iso));
  return left > 0 ? `in ${formatDuration(left)}` : 'due';
}
