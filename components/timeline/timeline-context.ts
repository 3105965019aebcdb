'use client';

import { createContext, useContext } from 'react';
import type { TimelineTask } from '@/lib/graph/timeline-model';

/** What nodes need from the page: the current time (for open tasks), raising an event, linking a child instance. */
export interface TimelineActions {
  /** Milliseconds since epoch, ticking while the instance runs; undefined before the first client render. */
  now?: number;
  onRaiseEvent?: (eventName: string) => void;
  childLink?: (instanceId: string) => string;
  /** Offers "Rerun from here" on the task's details (absent: no rerun, e.g. while the instance runs). */
  onRerun?: (task: TimelineTask) => void;
}

/** Shares TimelineActions with the node components (which React Flow renders with data only). */
export const TimelineActionsContext = createContext<TimelineActions>({});

/** The TimelineActions of the enclosing timeline graph. */
export function useTimelineActions(): TimelineActions {
  return useContext(TimelineActionsContext);
}
