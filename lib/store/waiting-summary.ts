// The instance row's wait summary (waitingKind, waitingName, waitingSince): the one wait of a WaitingOn that the
// instance list filters and shows, kept in plain indexed columns so that no query reads the waitingOn JSON.
import type { WaitingKind, WaitingSummary } from '../engine/store';
import type { WaitingOn } from '../engine/waiting-on';

/** Every WaitingKind, in order of precedence. */
export const WAITING_KINDS: readonly WaitingKind[] = ['event', 'activity', 'child', 'timer'];

/**
 * The main wait of `waitingOn`: an external event (named first, else an unnamed one) before an activity before a
 * child before a timer, the oldest of its kind; undefined when it waits on nothing. `at` is when the step that
 * wrote it ran: the since of a child or timer wait, whose entries carry no time of their own.
 */
export function summarizeWaiting(waitingOn: WaitingOn | undefined, at: Date): WaitingSummary | undefined {
  if (!waitingOn) return undefined;
  const event = oldest(waitingOn.events, (e) => e.since);
  if (event) return { kind: 'event', name: event.name, since: new Date(event.since) };
  if (waitingOn.unnamedEvent) return { kind: 'event', since: new Date(waitingOn.unnamedEvent.since) };
  const activity = oldest(waitingOn.activities, (a) => a.scheduledAt);
  if (activity) return { kind: 'activity', name: activity.name, since: new Date(activity.scheduledAt) };
  const child = waitingOn.children[0];
  if (child) return { kind: 'child', name: child.name, since: at };
  const timer = waitingOn.timers[0];
  if (timer) return { kind: 'timer', ...(timer.name !== undefined ? { name: timer.name } : {}), since: at };
  return undefined;
}

function oldest<T>(items: readonly T[], time: (item: T) => string): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || time(item) < time(best)) best = item;
  return best;
}
