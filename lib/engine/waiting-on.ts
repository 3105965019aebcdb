/**
 * What an instance is waiting for after its last step; stored on the instance row so readers need no replay.
 * Each list holds at most WAITING_LIST_LIMIT entries (oldest tasks first); `totals` counts them all, so a
 * 10,000-wide fan-out does not rewrite a 10,000-entry row on every step.
 */
export interface WaitingOn {
  activities: { taskId: number; name: string; scheduledAt: string; attempt: number }[];
  timers: { taskId: number; fireAt: string; purpose: 'timer' | 'retry' | 'eventTimeout'; name?: string }[];
  /** External events by name, since when, and the deadline of a timer raced against the wait (whenAny or timeout). */
  events: { name: string; since: string; deadline?: string }[];
  children: { taskId: number; instanceId: string; name: string }[];
  /** How many of each the instance waits for, including those past the list limit. */
  totals?: { activities: number; timers: number; events: number; children: number };
}

/** The most entries each WaitingOn list keeps. */
export const WAITING_LIST_LIMIT = 100;

/** A WaitingOn with nothing in it. */
export function nothingWaited(): WaitingOn {
  return { activities: [], timers: [], events: [], children: [] };
}
