// Two workflow histories aligned side by side (the history diff page): each history becomes the list of what the
// workflow did (its start, every task by task ID with its result, each external event by name and occurrence, pauses,
// its end); the two lists are merged by those keys in history order, and each row says how the sides differ.
import type { FailureDetails } from '../engine/failure-details';
import type { HistoryEvent } from '../engine/history-events';

/** What one row stands for. */
export type DiffItemKind = 'start' | 'activity' | 'child' | 'timer' | 'eventSent' | 'event' | 'suspend' | 'resume' | 'end';

/** One thing a workflow did, as the diff compares it. */
export interface DiffItem {
  key: string;
  kind: DiffItemKind;
  /** Activity, child workflow or event name; the end's status. */
  name?: string;
  /** The task ID of a task (its first attempt). */
  taskId?: number;
  /** Sequence number of the event that starts the item in its history. */
  sequence: number;
  input?: string;
  /** completed, failed, fired (timers), open (no result yet); for the end: the execution's status. */
  outcome?: string;
  output?: string;
  failure?: FailureDetails;
  startedAt: string;
  endedAt?: string;
  /** How many attempts an activity or child took (1 without retries). */
  attempts?: number;
}

/** How the two sides of a row differ. */
export type DiffDifference = 'onlyLeft' | 'onlyRight' | 'name' | 'input' | 'outcome' | 'output' | 'attempts' | 'timing';

/** One aligned row: the item on each side (absent: that side has none) and how they differ. */
export interface DiffRow {
  key: string;
  left?: DiffItem;
  right?: DiffItem;
  differences: DiffDifference[];
}

/** Two histories aligned, with the first row whose content differs and the first whose timing differs. */
export interface HistoryDiff {
  rows: DiffRow[];
  /** Index of the first row that differs in anything but timing (undefined: the histories do the same). */
  firstDivergence?: number;
  /** Index of the first row whose durations differ by more than the timing thresholds. */
  firstTimingDifference?: number;
  counts: { same: number; changed: number; onlyLeft: number; onlyRight: number };
}

/** Durations differ when they differ by more than this many milliseconds ... */
export const TIMING_MIN_DIFFERENCE_MS = 1_000;
/** ... and by more than this fraction of the longer one. */
export const TIMING_MIN_RATIO = 0.5;

/** Aligns two histories (each of one execution, in sequence order) and marks where they diverge. */
export function diffHistories(left: readonly HistoryEvent[], right: readonly HistoryEvent[]): HistoryDiff {
  const rows = alignItems(historyItems(left), historyItems(right)).map(([l, r]) => ({ key: (l ?? r)!.key, left: l, right: r, differences: differencesOf(l, r) }));
  const content = rows.findIndex((row) => row.differences.some((d) => d !== 'timing'));
  const timing = rows.findIndex((row) => row.differences.includes('timing'));
  const counts = { same: 0, changed: 0, onlyLeft: 0, onlyRight: 0 };
  for (const row of rows) {
    if (!row.right) counts.onlyLeft++;
    else if (!row.left) counts.onlyRight++;
    else if (row.differences.length) counts.changed++;
    else counts.same++;
  }
  return { rows, ...(content >= 0 ? { firstDivergence: content } : {}), ...(timing >= 0 ? { firstTimingDifference: timing } : {}), counts };
}

/** What a history did, in the order it happened (by the sequence of each item's first event). */
export function historyItems(history: readonly HistoryEvent[]): DiffItem[] {
  const items: DiffItem[] = [];
  const byTask = new Map<number, DiffItem>();
  const occurrences = new Map<string, number>();
  const nth = (key: string) => {
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    return n;
  };
  history.forEach((event, sequence) => {
    const at = event.timestamp;
    switch (event.kind) {
      case 'ExecutionStarted':
        return void items.push({ key: 'start', kind: 'start', name: event.name, sequence, input: event.input, startedAt: at });
      case 'TaskScheduled':
      case 'SubOrchestrationInstanceCreated': {
        const kind = event.kind === 'TaskScheduled' ? 'activity' : 'child';
        const first = event.retryOf !== undefined ? byTask.get(event.retryOf) : undefined;
        if (first) {
          first.attempts = (first.attempts ?? 1) + 1;
          byTask.set(event.eventId, first);
          return;
        }
        const item: DiffItem = { key: `task:${event.eventId}`, kind, name: event.name, taskId: event.eventId, sequence, input: event.input, startedAt: at, outcome: 'open', attempts: 1 };
        byTask.set(event.eventId, item);
        return void items.push(item);
      }
      case 'TimerCreated': {
        if (event.purpose === 'retry') return; // part of the task it retries
        const item: DiffItem = { key: `task:${event.eventId}`, kind: 'timer', name: event.name, taskId: event.eventId, sequence, startedAt: at, outcome: 'open' };
        byTask.set(event.eventId, item);
        return void items.push(item);
      }
      case 'EventSent':
        return void items.push({ key: `task:${event.eventId}`, kind: 'eventSent', name: event.name, taskId: event.eventId, sequence, input: event.input, startedAt: at });
      case 'TaskCompleted':
      case 'SubOrchestrationInstanceCompleted':
        return settle(byTask.get(event.taskScheduledId), { outcome: 'completed', output: event.result, failure: undefined, endedAt: at });
      case 'TaskFailed':
      case 'SubOrchestrationInstanceFailed':
        return settle(byTask.get(event.taskScheduledId), { outcome: 'failed', failure: event.failure, endedAt: at });
      case 'TimerFired':
        return settle(byTask.get(event.timerId), { outcome: 'fired', endedAt: at });
      case 'EventRaised':
        return void items.push({ key: `event:${event.name}:${nth(`event:${event.name}`)}`, kind: 'event', name: event.name, sequence, output: event.input, startedAt: at });
      case 'ExecutionSuspended':
      case 'ExecutionResumed': {
        const kind = event.kind === 'ExecutionSuspended' ? 'suspend' : 'resume';
        return void items.push({ key: `${kind}:${nth(kind)}`, kind, sequence, input: event.reason, startedAt: at });
      }
      case 'ExecutionCompleted':
        return void items.push({ key: 'end', kind: 'end', name: event.status, sequence, outcome: event.status, output: event.output, failure: event.failure, startedAt: at });
      case 'ExecutionTerminated':
        return void items.push({ key: 'end', kind: 'end', name: 'TERMINATED', sequence, outcome: 'TERMINATED', output: event.output, startedAt: at });
      default:
        return; // OrchestratorStarted/Completed: step boundaries, not something the workflow did
    }
  });
  return items;
}

function settle(item: DiffItem | undefined, result: Pick<DiffItem, 'outcome' | 'endedAt'> & Partial<Pick<DiffItem, 'output' | 'failure'>>): void {
  if (!item) return;
  Object.assign(item, result);
}

/**
 * Merges two item lists by key, keeping each side's order: items whose key only one side has come where they are on
 * that side; a key both have pairs the two (when the orders cross, the left one's place wins).
 */
function alignItems(left: DiffItem[], right: DiffItem[]): [DiffItem | undefined, DiffItem | undefined][] {
  const rightByKey = new Map(right.map((item, index) => [item.key, { item, index }]));
  const leftKeys = new Set(left.map((item) => item.key));
  const paired = new Set<string>();
  const rows: [DiffItem | undefined, DiffItem | undefined][] = [];
  let j = 0;
  const flushRight = (until?: string) => {
    while (j < right.length && right[j].key !== until) {
      const r = right[j++];
      if (!paired.has(r.key) && !leftKeys.has(r.key)) rows.push([undefined, r]);
    }
  };
  for (const l of left) {
    const match = rightByKey.get(l.key);
    if (!match) {
      rows.push([l, undefined]);
      continue;
    }
    if (match.index >= j) {
      flushRight(l.key);
      j++;
    }
    paired.add(l.key);
    rows.push([l, match.item]);
  }
  flushRight();
  return rows;
}

function differencesOf(l: DiffItem | undefined, r: DiffItem | undefined): DiffDifference[] {
  if (!l) return ['onlyRight'];
  if (!r) return ['onlyLeft'];
  const out: DiffDifference[] = [];
  if (l.kind !== r.kind || l.name !== r.name) out.push('name');
  if (l.input !== r.input) out.push('input');
  if (l.outcome !== r.outcome) out.push('outcome');
  if (l.output !== r.output || JSON.stringify(l.failure) !== JSON.stringify(r.failure)) out.push('output');
  if (l.attempts !== r.attempts) out.push('attempts');
  if (timingDiffers(l, r)) out.push('timing');
  return out;
}

/** True when both items ended and their durations differ by more than both thresholds. */
export function timingDiffers(l: Pick<DiffItem, 'startedAt' | 'endedAt'>, r: Pick<DiffItem, 'startedAt' | 'endedAt'>): boolean {
  if (!l.endedAt || !r.endedAt) return false;
  const a = Date.parse(l.endedAt) - Date.parse(l.startedAt);
  const b = Date.parse(r.endedAt) - Date.parse(r.startedAt);
  const gap = Math.abs(a - b);
  return gap > TIMING_MIN_DIFFERENCE_MS && gap > TIMING_MIN_RATIO * Math.max(a, b);
}
