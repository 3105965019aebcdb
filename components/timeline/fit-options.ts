import type { TimelineFlow } from '@/lib/graph/history-to-flow';

const FIT_ALL_BELOW_WIDTH = 2400;

/** Fits the whole graph when it is small; otherwise zooms to what the instance waits on, or to its latest nodes. */
export function fitOptions(flow: TimelineFlow) {
  if (flow.width <= FIT_ALL_BELOW_WIDTH) return { padding: 0.15, maxZoom: 1 };
  const current = flow.nodes.filter((n) => (n.type === 'task' ? n.data.task.current : n.type === 'taskGroup' ? n.data.group.current : false));
  const latest = [...flow.nodes].sort((a, b) => b.position.x - a.position.x).slice(0, 6);
  return { padding: 0.15, maxZoom: 1, nodes: (current.length ? current : latest).map((n) => ({ id: n.id })) };
}
