'use client';

import '@xyflow/react/dist/style.css';
import './timeline.css';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type NodeChange, type NodeTypes } from '@xyflow/react';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import { hasExecutionEnded, type RuntimeStatus } from '@/lib/engine/runtime-status';
import type { WaitingOn } from '@/lib/engine/waiting-on';
import type { TimelineFlow, TimelineNode } from '@/lib/graph/history-to-flow';
import type { LayoutMode } from '@/lib/graph/layout';
import type { TimelineTask } from '@/lib/graph/timeline-model';
import { GroupNode } from './group-node';
import { LaneBands } from './lane-bands';
import { MarkNode } from './mark-node';
import { TaskDetailsPanel, type DetailsSubject } from './task-details-panel';
import { TaskNode } from './task-node';
import { TimelineActionsContext } from './timeline-context';
import { TimelineToolbar } from './timeline-toolbar';
import { fitOptions } from './fit-options';
import { useFollow } from './use-follow';
import { useTimelineFlow, type ShownFlow } from './use-timeline-flow';

const nodeTypes = { task: TaskNode, taskGroup: GroupNode, mark: MarkNode } satisfies NodeTypes;

/** Props of the timeline graph: the instance's history, status, what it waits for, and the page's actions. */
export interface TimelineGraphProps {
  history: SequencedHistoryEvent[];
  status: RuntimeStatus;
  waitingOn?: WaitingOn;
  /** Time durations of open tasks run up to; by default the browser's clock, ticking while the instance runs. */
  now?: string;
  onRaiseEvent?: (eventName: string) => void;
  childLink?: (instanceId: string) => string;
  /** Offers "Rerun from here" on an activity's, child's or timer's details. */
  onRerun?: (task: TimelineTask) => void;
  /** Height of the graph area in pixels; by default it grows with the number of lanes (340 to 640). */
  height?: number;
}

/** An instance's history as a React Flow graph over time, with lanes, groups, a details panel, zoom, pan and minimap. */
export function TimelineGraph(props: TimelineGraphProps) {
  return (
    <ReactFlowProvider>
      <TimelineCanvas {...props} />
    </ReactFlowProvider>
  );
}

function TimelineCanvas({ history, status, waitingOn, now, ...view }: TimelineGraphProps) {
  const [mode, setMode] = useState<LayoutMode>('time');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const shown = useTimelineFlow(history, { status, waitingOn, mode, now, expandedGroups: expanded });
  if (!shown) return <p className="empty">Drawing the timeline…</p>;
  return <TimelineView {...view} shown={shown} status={status} now={now} mode={mode} onMode={setMode} expanded={expanded} onExpanded={setExpanded} />;
}

/** The graph of a computed flow, with the mode and expanded groups asked for (the flow may still be of the previous ones). */
interface TimelineViewProps extends Omit<TimelineGraphProps, 'history' | 'waitingOn'> {
  shown: ShownFlow;
  mode: LayoutMode;
  onMode: (mode: LayoutMode) => void;
  expanded: ReadonlySet<string>;
  onExpanded: (expanded: ReadonlySet<string>) => void;
}

function TimelineView({ shown, status, now, mode, onMode, expanded, onExpanded, onRaiseEvent, childLink, onRerun, height }: TimelineViewProps) {
  const { flow } = shown;
  const [selectedId, setSelectedId] = useState<string>();
  const clock = useClock(!hasExecutionEnded(status) && now === undefined);
  const nodes = useMemo(() => flow.nodes.map((n) => (n.id === selectedId ? { ...n, selected: true } : n)), [flow.nodes, selectedId]);
  const subject = useMemo(() => detailsOf(flow.nodes.find((n) => n.id === selectedId)), [flow.nodes, selectedId]);
  const actions = useMemo(() => ({ now: now ? Date.parse(now) : clock, onRaiseEvent, childLink, onRerun }), [now, clock, onRaiseEvent, childLink, onRerun]);
  useFitOnModeChange(flow, shown.mode);
  const live = !hasExecutionEnded(status);
  const follow = useFollow(flow, live);
  // The minimap draws every node (a 12,000-event fan-out has ~1,000): mounted in a background render after the graph,
  // React renders it in slices instead of one long main-thread task.
  const showMiniMap = useDeferredValue(true, false);

  const onNodesChange = useCallback(
    (changes: NodeChange<TimelineNode>[]) => {
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (!picked || picked.type !== 'select') return;
      if (flow.nodes.find((n) => n.id === picked.id)?.type === 'taskGroup') onExpanded(new Set([...expanded, picked.id]));
      else setSelectedId(picked.id);
    },
    [flow.nodes, expanded, onExpanded],
  );

  return (
    <TimelineActionsContext.Provider value={actions}>
      <div className="tl-root">
        <TimelineToolbar
          mode={mode}
          onMode={onMode}
          taskCount={flow.taskCount}
          hiddenTaskCount={flow.hiddenTaskCount}
          expandedCount={expanded.size}
          onCollapseAll={() => onExpanded(new Set())}
          follow={live ? { following: follow.following, onToggle: follow.toggle } : undefined}
        />
        <div className="tl-body" style={{ height: height ?? autoHeight(flow) }}>
          <div className="tl-canvas">
            <ReactFlow
              nodes={nodes}
              edges={flow.edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onPaneClick={() => setSelectedId(undefined)}
              onInit={(instance) => instance.fitView(fitOptions(flow))}
              onMove={follow.onMove}
              nodesDraggable={false}
              nodesConnectable={false}
              edgesFocusable={false}
              onlyRenderVisibleElements
              minZoom={0.1}
              maxZoom={2}
              aria-label="Timeline graph"
            >
              <LaneBands lanes={flow.lanes} width={flow.width} />
              <Background gap={24} size={1} color="#e3e7ee" />
              <Controls showInteractive={false} position="bottom-left" onZoomIn={follow.stop} onZoomOut={follow.stop} />
              {showMiniMap && <MiniMap pannable zoomable onPointerDownCapture={follow.stop} onWheelCapture={follow.stop} position="bottom-right" nodeClassName={(n) => n.className ?? ''} nodeBorderRadius={6} style={{ width: 168, height: 96 }} ariaLabel="Timeline overview" />}
            </ReactFlow>
          </div>
          {subject && <TaskDetailsPanel subject={subject} onClose={() => setSelectedId(undefined)} />}
        </div>
      </div>
    </TimelineActionsContext.Provider>
  );
}

function autoHeight(flow: TimelineFlow): number {
  const lanes = flow.lanes.reduce((sum, lane) => sum + lane.height, 0);
  return Math.min(640, Math.max(340, lanes + 200));
}

function detailsOf(node: TimelineNode | undefined): DetailsSubject | undefined {
  if (node?.type === 'task') return { type: 'task', task: node.data.task };
  if (node?.type === 'mark') return { type: 'mark', mark: node.data.mark };
  return undefined;
}

/** Refits the view once the flow of the other mode is shown, after the user switches between time and step order (live growth is useFollow's). */
function useFitOnModeChange(flow: TimelineFlow, mode: LayoutMode): void {
  const { fitView } = useReactFlow();
  const latest = useRef(flow);
  const shownMode = useRef(mode);
  useEffect(() => {
    latest.current = flow;
  }, [flow]);
  useEffect(() => {
    if (shownMode.current === mode) return;
    shownMode.current = mode;
    const frame = requestAnimationFrame(() => void fitView({ ...fitOptions(latest.current), duration: 300 }));
    return () => cancelAnimationFrame(frame);
  }, [mode, fitView]);
}

/** The browser's clock in ms, ticking every second while `running`; undefined otherwise and before mount (so server and client agree). */
function useClock(running: boolean): number | undefined {
  const [now, setNow] = useState<number>();
  useEffect(() => {
    if (!running) return;
    const tick = () => setNow(Date.now());
    const first = requestAnimationFrame(tick);
    const timer = setInterval(tick, 1000);
    return () => {
      cancelAnimationFrame(first);
      clearInterval(timer);
    };
  }, [running]);
  return running ? now : undefined;
}
