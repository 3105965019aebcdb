'use client';

import type { LayoutMode } from '@/lib/graph/layout';
import type { TaskOutcome } from '@/lib/graph/timeline-model';
import { OUTCOME_LABEL } from '@/lib/graph/labels';
import { TimelineIcon } from './outcome-icon';

const LEGEND: TaskOutcome[] = ['completed', 'failed', 'running', 'waiting', 'timedOut', 'canceled', 'terminated', 'unmatched'];

/** Above the graph: the time/step-order switch, the Follow toggle of a live instance, a legend of outcomes, and how many tasks groups hide. */
export function TimelineToolbar(props: {
  mode: LayoutMode;
  onMode: (mode: LayoutMode) => void;
  taskCount: number;
  hiddenTaskCount: number;
  expandedCount: number;
  onCollapseAll: () => void;
  /** While the instance runs: whether the view follows its running frontier, and the toggle. */
  follow?: { following: boolean; onToggle: () => void };
}) {
  return (
    <div className="tl-toolbar">
      <div className="tl-segmented" role="group" aria-label="Horizontal axis">
        {(['time', 'steps'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={props.mode === m} onClick={() => props.onMode(m)} title={m === 'time' ? 'Spaced by time, boxes as wide as their duration' : 'One column per workflow step, boxes of one size'}>
            {m === 'time' ? 'Time' : 'Step order'}
          </button>
        ))}
      </div>
      <span className="tl-toolbar__count">
        {props.taskCount} {props.taskCount === 1 ? 'task' : 'tasks'}
        {props.hiddenTaskCount > 0 && ` · ${props.hiddenTaskCount} in groups (click a group to expand)`}
      </span>
      {props.expandedCount > 0 && (
        <button type="button" className="tl-btn tl-btn--small" onClick={props.onCollapseAll}>
          Collapse groups
        </button>
      )}
      {props.follow && (
        <button
          type="button"
          className="tl-btn tl-btn--small tl-follow"
          aria-pressed={props.follow.following}
          title={props.follow.following ? 'The view follows the running instance; pan or zoom to stop' : 'Fit the view to the running instance and follow it again'}
          onClick={props.follow.onToggle}
        >
          Follow
        </button>
      )}
      <ul className="tl-legend" aria-label="Legend">
        {LEGEND.map((o) => (
          <li key={o} className={`is-${o}`}>
            <TimelineIcon name={o} size={12} />
            {OUTCOME_LABEL[o]}
          </li>
        ))}
      </ul>
    </div>
  );
}
