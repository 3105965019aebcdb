/** What an instance is waiting for after its last step; stored on the instance row so readers need no replay. */
export interface WaitingOn {
  activities: { taskId: number; name: string; scheduledAt: string; attempt: number }[];
  timers: { taskId: number; fireAt: string; purpose: 'timer' | 'retry' | 'eventTimeout'; name?: string }[];
  /** External events by name, since when, and the deadline of a timer raced against the wait (whenAny or timeout). */
  events: { name: string; since: string; deadline?: string }[];
  children: { taskId: number; instanceId: string; name: string }[];
}

/** A WaitingOn with nothing in it. */
export function nothingWaited(): WaitingOn {
  return { activities: [], timers: [], events: [], children: [] };
}
