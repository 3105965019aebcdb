import type { EventWaitHint } from './actions';
import type { RuntimeState } from './runtime-state';

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
  /**
   * Set when the instance waits on nothing it scheduled and its runner named no event (a remote SDK reports
   * waits without a timeout to nobody): it can only be waiting for an external event, since `since`.
   */
  unnamedEvent?: { since: string };
  /** How many of each the instance waits for, including those past the list limit. */
  totals?: { activities: number; timers: number; events: number; children: number };
}

/**
 * Timers due this late stand for "no timeout": the Python SDK waits for an external event without a timeout by
 * racing it against a timer at 9999-12-31T23:59:59.999Z.
 */
export const NEVER_DUE = '9999-01-01T00:00:00.000Z';

/** The most entries each WaitingOn list keeps. */
export const WAITING_LIST_LIMIT = 100;

/** A WaitingOn with nothing in it. */
export function nothingWaited(): WaitingOn {
  return { activities: [], timers: [], events: [], children: [] };
}

/**
 * What an execution in `state` waits for: its open activities, timers and children (each list capped, with
 * totals) and its external event waits. The in-process executor passes `eventWaits`; then an event-timeout
 * timer counts only while its wait is open. Without them (remote workers), each open event-timeout timer
 * stands for a wait on its event, with the timer's due time as deadline.
 */
export function waitingOnOf(state: RuntimeState, eventWaits?: readonly EventWaitHint[]): WaitingOn {
  const result = nothingWaited();
  const totals = { activities: 0, timers: 0, events: 0, children: 0 };
  for (const [taskId, a] of state.activities) {
    if (totals.activities++ < WAITING_LIST_LIMIT) result.activities.push({ taskId, name: a.name, scheduledAt: a.scheduledAt, attempt: a.attempt });
  }
  for (const [taskId, c] of state.children) {
    if (totals.children++ < WAITING_LIST_LIMIT) result.children.push({ taskId, instanceId: c.instanceId, name: c.name });
  }
  const openTimeouts = eventWaits && new Set(eventWaits.flatMap((w) => (w.timeoutTimerId === undefined ? [] : [w.timeoutTimerId])));
  const derivedWaits: EventWaitHint[] = [];
  for (const [taskId, t] of state.timers) {
    if (!eventWaits && t.fireAt >= NEVER_DUE) {
      // An SDK's endless wait: it waits for an event it did not name, since the timer was created.
      if (!result.unnamedEvent || t.createdAt < result.unnamedEvent.since) result.unnamedEvent = { since: t.createdAt };
      continue;
    }
    if (t.purpose === 'eventTimeout') {
      if (openTimeouts && !openTimeouts.has(taskId)) continue;
      if (!eventWaits && t.name !== undefined) derivedWaits.push({ name: t.name, since: t.createdAt, deadline: t.fireAt });
    }
    if (totals.timers++ < WAITING_LIST_LIMIT) result.timers.push({ taskId, fireAt: t.fireAt, purpose: t.purpose, name: t.name });
  }
  for (const wait of eventWaits ?? derivedWaits) {
    if (totals.events++ < WAITING_LIST_LIMIT) result.events.push({ name: wait.name, since: wait.since, deadline: wait.deadline });
  }
  result.totals = totals;
  return result;
}
