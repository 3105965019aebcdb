import { eventName, eventTaskId, type SequencedHistoryEvent } from '@/lib/engine/history-events';

/** One row of the history table. */
export interface HistoryRow {
  sequence: number;
  timestamp: string;
  kind: SequencedHistoryEvent['kind'];
  name?: string;
  /** The task the event belongs to; undefined for events of no task. */
  taskId?: number;
  /** The event's own fields (payloads, failure, timer times), with JSON strings parsed. */
  details: Record<string, unknown>;
}

const BASE_FIELDS = new Set(['sequence', 'timestamp', 'kind', 'eventId']);
const JSON_FIELDS = new Set(['input', 'result', 'output']);

/** Names of the tasks a history schedules (activities, children, timers), by task ID. */
export function taskNames(events: readonly SequencedHistoryEvent[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const e of events) {
    const name = e.kind === 'TimerCreated' ? (e.name ?? 'timer') : eventName(e);
    if (name && e.eventId >= 0) names.set(e.eventId, name);
  }
  return names;
}

/** Turns a history event into a table row; `names` (from taskNames) names the task of completion events. */
export function toHistoryRow(event: SequencedHistoryEvent, names?: ReadonlyMap<number, string>): HistoryRow {
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (BASE_FIELDS.has(key) || value === undefined) continue;
    details[key] = JSON_FIELDS.has(key) && typeof value === 'string' ? parseMaybe(value) : value;
  }
  const taskId = eventTaskId(event);
  const name = eventName(event) ?? (taskId >= 0 ? names?.get(taskId) : undefined);
  return { sequence: event.sequence, timestamp: event.timestamp, kind: event.kind, name, taskId: taskId >= 0 ? taskId : undefined, details };
}

/** The event kinds present in a history, in order of first appearance. */
export function kindsIn(events: readonly SequencedHistoryEvent[]): SequencedHistoryEvent['kind'][] {
  return [...new Set(events.map((e) => e.kind))];
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
