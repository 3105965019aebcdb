// What an execution's history says about it now: started or not, paused or not, ended or not, and which tasks
// are still open. Derived from history alone (pure), so in-process and remote steps see the same picture.
import type { ExecutionStartedEvent, HistoryEvent, TimerPurpose } from './history-events';

/** An activity attempt scheduled and not yet answered. */
export interface OpenActivity {
  name: string;
  scheduledAt: string;
  attempt: number;
}

/** A durable timer created and not yet fired. */
export interface OpenTimer {
  createdAt: string;
  fireAt: string;
  purpose: TimerPurpose;
  name?: string;
}

/** A child workflow started and not yet finished. */
export interface OpenChild {
  instanceId: string;
  name: string;
}

/** The state of one execution as its history leaves it (maps keyed by task ID, in scheduling order). */
export interface RuntimeState {
  started?: ExecutionStartedEvent;
  suspended: boolean;
  /** True once the history has an ExecutionCompleted or ExecutionTerminated. */
  ended: boolean;
  activities: ReadonlyMap<number, OpenActivity>;
  timers: ReadonlyMap<number, OpenTimer>;
  children: ReadonlyMap<number, OpenChild>;
}

/** The state of an execution with no history yet. */
export function emptyRuntimeState(): RuntimeState {
  return { suspended: false, ended: false, activities: new Map(), timers: new Map(), children: new Map() };
}

/** The state a whole history leaves. */
export function runtimeStateOf(history: readonly HistoryEvent[]): RuntimeState {
  return advanceRuntimeState(emptyRuntimeState(), history);
}

/** The state after `events` are appended to a history whose state is `state` (which is left unchanged). */
export function advanceRuntimeState(state: RuntimeState, events: readonly HistoryEvent[]): RuntimeState {
  // Each map is copied the first time an event changes it (a fan-in step touches activities only).
  const activities = new CopyOnWrite(state.activities);
  const timers = new CopyOnWrite(state.timers);
  const children = new CopyOnWrite(state.children);
  let { started, suspended, ended } = state;
  for (const event of events) {
    switch (event.kind) {
      case 'ExecutionStarted':
        started ??= event;
        break;
      case 'ExecutionSuspended':
        if (!ended) suspended = true;
        break;
      case 'ExecutionResumed':
        suspended = false;
        break;
      case 'ExecutionCompleted':
      case 'ExecutionTerminated':
        ended = true;
        break;
      case 'TaskScheduled':
        activities.writable().set(event.eventId, { name: event.name, scheduledAt: event.timestamp, attempt: event.attempt ?? 1 });
        break;
      case 'TaskCompleted':
      case 'TaskFailed':
        activities.writable().delete(event.taskScheduledId);
        break;
      case 'TimerCreated':
        timers.writable().set(event.eventId, { createdAt: event.timestamp, fireAt: event.fireAt, purpose: event.purpose ?? 'timer', name: event.name });
        break;
      case 'TimerFired':
        timers.writable().delete(event.timerId);
        break;
      case 'EventRaised': {
        // The event ends the oldest wait on its name that has a timeout: that timer no longer counts.
        const key = event.name.toLowerCase();
        for (const [id, t] of timers.map) {
          if (t.purpose === 'eventTimeout' && t.name?.toLowerCase() === key) {
            timers.writable().delete(id);
            break;
          }
        }
        break;
      }
      case 'SubOrchestrationInstanceCreated':
        children.writable().set(event.eventId, { instanceId: event.instanceId, name: event.name });
        break;
      case 'SubOrchestrationInstanceCompleted':
      case 'SubOrchestrationInstanceFailed':
        children.writable().delete(event.taskScheduledId);
        break;
      default:
        break;
    }
  }
  return { started, suspended, ended, activities: activities.map, timers: timers.map, children: children.map };
}

/** A map shared with an older state until the first write, which copies it. */
class CopyOnWrite<K, V> {
  private copied = false;
  constructor(public map: ReadonlyMap<K, V>) {}

  writable(): Map<K, V> {
    if (!this.copied) {
      this.map = new Map(this.map);
      this.copied = true;
    }
    return this.map as Map<K, V>;
  }
}
