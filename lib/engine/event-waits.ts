// External events inside the executor: waits served FIFO per name (case-insensitive), and events that arrived
// before anyone waited, kept until the next wait for their name.
import type { EventWaitHint } from './actions';
import type { EventRaisedEvent } from './history-events';
import type { Task, WhenAnyTask } from './tasks';

/** One waitForExternalEvent call that has not been served yet. */
export interface EventWait {
  task: Task;
  name: string;
  since: string;
  timeoutId?: number;
}

/** The executor's open event waits and buffered events. */
export class EventWaits {
  private readonly waiters = new Map<string, EventWait[]>();
  private readonly received = new Map<string, EventRaisedEvent[]>();
  private whenAnys: WhenAnyTask[] = [];

  /** Takes the oldest buffered event with this name, if one arrived before the wait. */
  takeBuffered(name: string): EventRaisedEvent | undefined {
    return this.received.get(name.toLowerCase())?.shift();
  }

  /** Registers a wait. */
  add(wait: EventWait): void {
    const key = wait.name.toLowerCase();
    const queue = this.waiters.get(key) ?? [];
    queue.push(wait);
    this.waiters.set(key, queue);
  }

  /** Hands an arrived event to the oldest wait for its name, or buffers it; returns the wait it served. */
  deliver(event: EventRaisedEvent): EventWait | undefined {
    const key = event.name.toLowerCase();
    const wait = this.waiters.get(key)?.shift();
    if (wait) return wait;
    const list = this.received.get(key) ?? [];
    list.push(event);
    this.received.set(key, list);
    return undefined;
  }

  /** Drops a wait that timed out. */
  remove(wait: EventWait): void {
    const queue = this.waiters.get(wait.name.toLowerCase());
    const index = queue?.indexOf(wait) ?? -1;
    if (queue && index >= 0) queue.splice(index, 1);
  }

  /** Every buffered event not consumed yet (carried over by continue-as-new with saveEvents). */
  buffered(): EventRaisedEvent[] {
    return [...this.received.values()].flat();
  }

  /** The event name `task` waits for, if it is an open wait. */
  nameOf(task: Task): string | undefined {
    for (const queue of this.waiters.values()) for (const wait of queue) if (wait.task === task) return wait.name;
    return undefined;
  }

  /** Remembers a whenAny, whose timers give the waits it races a deadline. */
  trackWhenAny(task: WhenAnyTask): void {
    this.whenAnys.push(task);
  }

  /** The open waits with their deadlines; `fireAtOf(timerTask | timerId)` gives a live timer's due time. */
  hints(fireAtOfId: (timerId: number | undefined) => string | undefined, timerIdOf: (task: Task) => number | undefined): EventWaitHint[] {
    this.whenAnys = this.whenAnys.filter((t) => !t.isComplete);
    const hints: EventWaitHint[] = [];
    for (const queue of this.waiters.values()) {
      for (const wait of queue) {
        const deadlines: string[] = [];
        const own = fireAtOfId(wait.timeoutId);
        if (own) deadlines.push(own);
        for (const any of this.whenAnys) {
          if (!any.children.includes(wait.task)) continue;
          for (const child of any.children) {
            const raced = fireAtOfId(timerIdOf(child));
            if (raced) deadlines.push(raced);
          }
        }
        const hint: EventWaitHint = { name: wait.name, since: wait.since, deadline: deadlines.sort()[0] };
        if (own) hint.timeoutTimerId = wait.timeoutId;
        hints.push(hint);
      }
    }
    return hints;
  }
}
