import { Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { NODE_SIZE } from './history-to-flow';
import { nodeHandles } from './node-handles';

describe('nodeHandles', () => {
  it('puts a task node target on its left edge and source on its right edge, centred vertically', () => {
    const { width, height } = NODE_SIZE.task;
    const [target, source] = nodeHandles('task', width, height);
    expect(target).toMatchObject({ type: 'target', position: Position.Left, x: 1, y: height / 2 - 3, width: 6, height: 6 });
    expect(source).toMatchObject({ type: 'source', position: Position.Right, x: width - 4, y: height / 2 - 3 });
    expect(source.x + (source.width ?? 0)).toBeLessThanOrEqual(width + 2);
  });

  it('places group handles like task handles, at the group height', () => {
    const { width, height } = NODE_SIZE.taskGroup;
    expect(nodeHandles('taskGroup', width, height).map((h) => [h.x, h.y])).toEqual([[1, height / 2 - 3], [width - 4, height / 2 - 3]]);
  });

  it('puts a mark node handles either side of its dot', () => {
    const { width, height } = NODE_SIZE.mark;
    const [target, source] = nodeHandles('mark', width, height);
    expect([target.x, source.x]).toEqual([29, 67]);
    expect(target.y).toBe(height / 2 - 3);
    expect(target.x).toBeLessThan(source.x);
  });
});
