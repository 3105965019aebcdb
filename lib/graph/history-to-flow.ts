import type { Edge, Node } from '@xyflow/react';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { collapseTimeline, type TaskGroup } from './collapse';
import { historyToTasks } from './history-to-tasks';
import { attemptLabel, KIND_LABEL, OUTCOME_LABEL } from './labels';
import { nodeHandles } from './node-handles';
import { layoutTimeline, type LaneBand, type LayoutItem, type LayoutMode } from './layout';
import { taskLinks } from './task-links';
import { timeScaleWidths } from './time-scale';
import type { TimelineLink, TimelineMark, TimelineOptions, TimelineTask } from './timeline-model';

/** Node sizes the layout reserves (the node components render at exactly these sizes). */
export const NODE_SIZE = {
  task: { width: 232, height: 76 },
  taskGroup: { width: 232, height: 84 },
  mark: { width: 96, height: 32 },
} as const;

/** The handles of each node type, known up front so React Flow renders only the nodes in view (see nodeHandles). */
const NODE_HANDLES = {
  task: nodeHandles('task', NODE_SIZE.task.width, NODE_SIZE.task.height),
  taskGroup: nodeHandles('taskGroup', NODE_SIZE.taskGroup.width, NODE_SIZE.taskGroup.height),
  mark: nodeHandles('mark', NODE_SIZE.mark.width, NODE_SIZE.mark.height),
};

/** Data of a task node: the task, how long it ran (or has been running), and whether it can be raised from the graph. */
export type TaskNodeData = { task: TimelineTask; durationMs?: number; raisable: boolean };
/**
 * Data of a group node: the group without its member tasks (which nothing draws; a 12,000-event fan-out's ~3,000 of
 * them were most of what the timeline worker's answer copied to the main thread), and the span it covers.
 */
export type GroupNodeData = { group: Omit<TaskGroup, 'members'>; durationMs?: number };
/** Data of a lifecycle mark node. */
export type MarkNodeData = { mark: TimelineMark };

/** A node of the timeline graph. */
export type TimelineNode = Node<TaskNodeData, 'task'> | Node<GroupNodeData, 'taskGroup'> | Node<MarkNodeData, 'mark'>;

/** Options of historyToFlow: status and waits of the instance, layout mode (Time also sizes task boxes by duration), current time, groups the user expanded. */
export interface FlowOptions extends TimelineOptions {
  mode?: LayoutMode;
  /** Time durations of open tasks run up to; defaults to the history's last timestamp. */
  now?: string;
  expandedGroups?: ReadonlySet<string>;
}

/** The graph React Flow renders, the lanes behind it, and how many tasks groups hide. */
export interface TimelineFlow {
  nodes: TimelineNode[];
  edges: Edge[];
  lanes: LaneBand[];
  width: number;
  taskCount: number;
  hiddenTaskCount: number;
}

/** Turns an instance's history into positioned React Flow nodes, edges and lanes. */
export function historyToFlow(history: readonly SequencedHistoryEvent[], options: FlowOptions = {}): TimelineFlow {
  const model = historyToTasks(history, options);
  const collapsed = collapseTimeline(model, taskLinks(model), options.expandedGroups);
  const now = Date.parse(options.now ?? history.at(-1)?.timestamp ?? '') || 0;
  const preds = predecessors(collapsed.links);
  const mode = options.mode ?? 'time';
  const durations = collapsed.tasks.map((task) => duration(task.startedAt, task.endedAt, now));
  const widths = mode === 'time' ? timeScaleWidths(durations) : durations.map(() => NODE_SIZE.task.width);
  const items: (LayoutItem & { node: TimelineNode })[] = [
    ...model.marks.map((mark) => markItem(mark, preds)),
    ...collapsed.tasks.map((task, i) => taskItem(task, preds, durations[i], widths[i])),
    ...collapsed.groups.map((group) => groupItem(group, preds, now)),
  ];
  const layout = layoutTimeline(items, mode);
  // Declared sizes count as measured: with onlyRenderVisibleElements a node outside the view is never rendered, and
  // React Flow would otherwise hold every fitView until all nodes had been measured.
  const nodes = items.map(({ node }) => {
    const p = layout.positions.get(node.id)!;
    return { ...node, position: { x: p.x, y: p.y }, measured: { width: node.width, height: node.height } };
  });
  const byId = new Map(items.map((i) => [i.id, i.node]));
  return {
    nodes,
    edges: collapsed.links.map((link) => toEdge(link, byId.get(link.to))),
    lanes: layout.lanes,
    width: layout.width,
    taskCount: model.tasks.length,
    hiddenTaskCount: collapsed.groups.reduce((n, g) => n + g.members.length, 0),
  };
}

function predecessors(links: TimelineLink[]): Map<string, string[]> {
  const preds = new Map<string, string[]>();
  for (const l of links) {
    if (l.kind !== 'flow') continue;
    const list = preds.get(l.to);
    if (list) list.push(l.from);
    else preds.set(l.to, [l.from]);
  }
  return preds;
}

function taskItem(task: TimelineTask, preds: Map<string, string[]>, durationMs: number | undefined, width: number): LayoutItem & { node: TimelineNode } {
  const raisable = task.kind === 'event' && task.current && task.outcome === 'waiting';
  const data: TaskNodeData = { task, durationMs, raisable };
  const size = { width, height: NODE_SIZE.task.height };
  return {
    id: task.id, step: task.step, endStep: task.endStep, at: task.startedAt, ...size, phase: task.arrived ? 0 : 1, row: 'lanes', after: preds.get(task.id) ?? [],
    node: { id: task.id, type: 'task', data, position: { x: 0, y: 0 }, ...size, handles: width === NODE_SIZE.task.width ? NODE_HANDLES.task : nodeHandles('task', width, size.height), className: nodeClass(task.outcome, task.current), ariaLabel: taskLabel(task) },
  };
}

function groupItem({ members: _members, ...group }: TaskGroup, preds: Map<string, string[]>, now: number): LayoutItem & { node: TimelineNode } {
  const data: GroupNodeData = { group, durationMs: duration(group.startedAt, group.endedAt, now) };
  const size = NODE_SIZE.taskGroup;
  return {
    id: group.id, step: group.step, endStep: group.endStep, at: group.startedAt, ...size, phase: 1, row: 'lanes', after: preds.get(group.id) ?? [],
    node: { id: group.id, type: 'taskGroup', data, position: { x: 0, y: 0 }, ...size, handles: NODE_HANDLES.taskGroup, className: nodeClass(group.outcome, group.current), ariaLabel: `${group.label} ×${group.repeats}, ${OUTCOME_LABEL[group.outcome]}, select to expand` },
  };
}

function markItem(mark: TimelineMark, preds: Map<string, string[]>): LayoutItem & { node: TimelineNode } {
  const lifecycle = mark.kind === 'pause' || mark.kind === 'resume';
  const consumed = lifecycle || mark.kind === 'start' || mark.kind === 'restart';
  const size = NODE_SIZE.mark;
  return {
    id: mark.id, step: mark.step, endStep: mark.step, at: mark.at, ...size, phase: consumed ? 0 : 1, row: lifecycle ? 'lifecycle' : 'lanes', after: preds.get(mark.id) ?? [],
    node: { id: mark.id, type: 'mark', data: { mark }, position: { x: 0, y: 0 }, ...size, handles: NODE_HANDLES.mark, className: `tl-mark-node${mark.current ? ' is-current' : ''}`, ariaLabel: mark.label },
  };
}

function toEdge(link: TimelineLink, target: TimelineNode | undefined): Edge {
  const id = `${link.from}->${link.to}`;
  if (link.kind === 'suspension') {
    return { id, source: link.from, target: link.to, type: 'straight', className: 'tl-edge tl-edge--suspension', selectable: false };
  }
  const outcome = target?.type === 'task' ? target.data.task.outcome : target?.type === 'taskGroup' ? target.data.group.outcome : 'completed';
  const current = target?.type === 'task' ? target.data.task.current : target?.type === 'taskGroup' ? target.data.group.current : false;
  return {
    id,
    source: link.from,
    target: link.to,
    type: 'default',
    className: `tl-edge tl-edge--${outcome}`,
    animated: current && outcome === 'running',
    markerEnd: { type: 'arrowclosed', width: 16, height: 16, color: '#9aa5b8' },
    selectable: false,
  };
}

function taskLabel(task: TimelineTask): string {
  const attempts = task.attempts.length > 1 ? `, ${attemptLabel(task)}` : '';
  return `${KIND_LABEL[task.kind]} ${task.name}, ${OUTCOME_LABEL[task.outcome]}${attempts}`;
}

function nodeClass(outcome: string, current: boolean): string {
  return `tl-node-wrap is-${outcome}${current ? ' is-current' : ''}`;
}

function duration(start: string, end: string | undefined, now: number): number | undefined {
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now;
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  return Math.max(0, to - from);
}
