import { Position, type NodeHandle } from '@xyflow/react';

/** Side of the square handles (components/timeline/timeline.css: .react-flow__handle is 6 px). */
const HANDLE_PX = 6;

/**
 * Where a timeline node's handles sit (its target on the left, its source on the right, both centred vertically),
 * as the node components and timeline.css place them. Given up front, React Flow need not render every node once to
 * measure its handles, so a 1,000-node timeline renders only the nodes in view; a rendered node is measured as usual.
 */
export function nodeHandles(type: 'task' | 'taskGroup' | 'mark', width: number, height: number): NodeHandle[] {
  const y = height / 2 - HANDLE_PX / 2;
  // Tasks and groups: handles on the inner edge of a 4 px left and a 1 px right border; marks: either side of the 32 px dot.
  const [inX, outX] = type === 'mark' ? [29, 67] : [1, width - 4];
  return [
    { type: 'target', position: Position.Left, x: inX, y, width: HANDLE_PX, height: HANDLE_PX },
    { type: 'source', position: Position.Right, x: outX, y, width: HANDLE_PX, height: HANDLE_PX },
  ];
}
