'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GroupNodeData } from '@/lib/graph/history-to-flow';
import { formatDuration } from '@/lib/graph/labels';
import type { TaskOutcome } from '@/lib/graph/timeline-model';
import { TimelineIcon } from './outcome-icon';

const ORDER: TaskOutcome[] = ['completed', 'failed', 'timedOut', 'running', 'waiting', 'canceled', 'terminated', 'unmatched'];
const SHORT: Record<TaskOutcome, string> = { completed: 'ok', failed: 'failed', timedOut: 'timed out', running: 'running', waiting: 'waiting', canceled: 'canceled', terminated: 'terminated', unmatched: 'unmatched' };

/** A collapsed run or fan-out: "name ×N", counts by outcome as a bar, the span's duration; click expands it. */
export const GroupNode = memo(function GroupNode({ data }: NodeProps<Node<GroupNodeData, 'taskGroup'>>) {
  const { group, durationMs } = data;
  const counts = ORDER.filter((o) => group.counts[o]).map((o) => `${group.counts[o]} ${SHORT[o]}`).join(' · ');
  return (
    <div className={`tl-group is-${group.outcome}${group.current ? ' is-current' : ''}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="tl-group__head">
        <span className="tl-task__icon">
          <TimelineIcon name={group.kind} />
        </span>
        <span className="tl-group__title" title={group.label}>
          {group.label}
        </span>
        <span className="tl-group__count">×{group.repeats}</span>
      </div>
      <div className="tl-group__bar" aria-hidden="true">
        {ORDER.filter((o) => group.counts[o]).map((o) => (
          <span key={o} className={`is-${o}`} style={{ flexGrow: group.counts[o] }} />
        ))}
      </div>
      <div className="tl-group__meta">
        <span title={counts}>{counts}</span>
        <span>
          {group.shape === 'parallel' ? 'parallel' : 'in a row'}
          {durationMs !== undefined && ` · ${formatDuration(durationMs)}`}
        </span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
