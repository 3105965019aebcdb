'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { MarkNodeData } from '@/lib/graph/history-to-flow';
import { TimelineIcon } from './outcome-icon';

/** A lifecycle mark: a round badge (start, pause, resume, terminate, continue-as-new, completion) with its label. */
export const MarkNode = memo(function MarkNode({ data }: NodeProps<Node<MarkNodeData, 'mark'>>) {
  const { mark } = data;
  return (
    <div className={`tl-mark is-${mark.kind}${mark.current ? ' is-current' : ''}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="tl-mark__in" />
      <span className="tl-mark__dot">
        <TimelineIcon name={mark.kind} size={15} />
      </span>
      <span className="tl-mark__label">{mark.label}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} className="tl-mark__out" />
    </div>
  );
});
