/** Work other processes committed, as a store that hears of it reports it (PostgreSQL: LISTEN/NOTIFY). */
export interface RemoteWork {
  /** A message reached an inbox (a new instance, an event, an activity result, a timer). */
  workflow: boolean;
  /** An activity task was queued. */
  activity: boolean;
  /** Instances that started or reached a status waiting clients wait for. */
  instanceIds: readonly string[];
}

/** A store that hears of other processes' commits (PostgresStore); SQLite and memory stores do not. */
export interface RemoteWorkSource {
  /** Calls `listener` for each wake-up another process sent; returns the unsubscribe function. */
  watchWork(listener: (work: RemoteWork) => void): () => void;
}

/** The store's wake-ups from other processes, when it has them. */
export function remoteWorkOf(store: object): RemoteWorkSource | undefined {
  return typeof (store as Partial<RemoteWorkSource>).watchWork === 'function' ? (store as RemoteWorkSource) : undefined;
}

/**
 * Wake-ups: tells local workers there is work now instead of waiting for their next poll. With a `remote`
 * source, work other processes committed wakes them too (subscribed at the first listener, for the store's life).
 */
export class WorkNotifier {
  private readonly listeners = { workflow: new Set<() => void>(), activity: new Set<() => void>() };
  /** Waiting clients by the instance they wait for: a change wakes its own waiters, not every waiter. */
  private readonly instanceListeners = new Map<string, Set<() => void>>();
  private watching = false;

  constructor(private readonly remote?: RemoteWorkSource) {}

  /** Wakes workflow workers (a message reached an inbox). */
  workflowWork(): void {
    for (const l of this.listeners.workflow) l();
  }
  /** Wakes activity workers (an activity task was queued). */
  activityWork(): void {
    for (const l of this.listeners.activity) l();
  }
  /** Tells waiting clients an instance's status changed (the only thing they wait for). */
  instanceChanged(instanceId: string): void {
    const waiting = this.instanceListeners.get(instanceId);
    if (waiting) for (const l of waiting) l();
  }
  /** Subscribes to one kind of wake-up; returns the unsubscribe function. */
  on(kind: 'workflow' | 'activity', listener: () => void): () => void {
    const set = this.listeners[kind];
    set.add(listener);
    this.watchRemote();
    return () => set.delete(listener);
  }
  /** Subscribes to the status changes of one instance; returns the unsubscribe function. */
  onInstance(instanceId: string, listener: () => void): () => void {
    let set = this.instanceListeners.get(instanceId);
    if (!set) this.instanceListeners.set(instanceId, (set = new Set()));
    set.add(listener);
    this.watchRemote();
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.instanceListeners.get(instanceId) === set) this.instanceListeners.delete(instanceId);
    };
  }

  private watchRemote(): void {
    if (this.watching || !this.remote) return;
    this.watching = true;
    this.remote.watchWork((work) => {
      if (work.workflow) this.workflowWork();
      if (work.activity) this.activityWork();
      for (const id of work.instanceIds) this.instanceChanged(id);
    });
  }
}

/** A wake-able sleep: `wait(ms)` resolves after ms or at the next `notify()`, whichever is first. */
export class Wakeup {
  private resolve: (() => void) | undefined;
  private pending = false;

  /** Wakes the current (or the next) waiter. */
  notify(): void {
    if (this.resolve) {
      const r = this.resolve;
      this.resolve = undefined;
      r();
    } else {
      this.pending = true;
    }
  }

  /** Sleeps up to `ms` milliseconds unless notified. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.resolve = undefined;
        resolve();
      }, Math.max(0, ms));
      this.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Resolves on the next turn of the event loop (after pending timers and I/O callbacks). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
