import type { TaskKind, TaskOutcome } from './timeline-model';

/** How each task kind is named in the dashboard. */
export const KIND_LABEL: Record<TaskKind, string> = {
  activity: 'Activity',
  child: 'Child workflow',
  timer: 'Timer',
  event: 'External event',
  eventSent: 'Event sent',
};

/** How each outcome is named in the dashboard. */
export const OUTCOME_LABEL: Record<TaskOutcome, string> = {
  completed: 'Completed',
  failed: 'Failed',
  running: 'Running',
  waiting: 'Waiting',
  timedOut: 'Timed out',
  canceled: 'Canceled',
  terminated: 'Terminated',
  unmatched: 'Unmatched',
};

/** A compact human duration: "340 ms", "4.2 s", "3m 20s", "2h 5m", "3d 4h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** A timestamp as local date and time with milliseconds ("2026-01-05 09:00:01.250"), or the input if it is not a date. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** "attempt 3 of 5" (or "attempt 3" when the retry policy's maximum is not recorded). */
export function attemptLabel(task: { attempts: unknown[]; maxAttempts?: number }): string {
  const n = task.attempts.length;
  return task.maxAttempts ? `attempt ${n} of ${task.maxAttempts}` : `attempt ${n}`;
}
