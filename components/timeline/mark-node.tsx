'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { MarkNodeData } from '@/lib/graph/history-to-flow';
import { TimelineIcon } from './outcome-icon';
import { markActorCaption } from '@/lib/graph/actor-caption';
import { formatClock } from '@/lib/client/format';

/**
 * A lifecycle mark: a round badge (start, pause, resume, terminate, continue-as-new, completion) with its label, and
 * under it who did it, when and why ("paused by Ada · 10:42 · reason: …") for a client's action.
 */
export const MarkNode = memo(function MarkNode({ data }: NodeProps<Node<MarkNodeData, 'mark'>>) {
  const { mark } = data;
  const caption = markActorCaption(mark, (iso) => formatClock(iso).slice(0, 5));
  return (
    <div className={`tl-mark is-${mark.kind}${mark.current ? ' is-current' : ''}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="tl-mark__in" />
      <span className="tl-mark__dot">
        <TimelineIcon name={mark.kind} size={15} />
      </span>
      <span className="tl-mark__label" title={mark.label}>
        {mark.label}
      </span>
      {caption && (
        <span className="tl-mark__by" title={caption}>
          {caption}
        </span>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} className="tl-mark__out" />
    </div>
  );
});
