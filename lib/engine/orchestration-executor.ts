import type { TaskOptions, Workflow } from './authoring';
import { NonDeterminismError, TaskFailedError, TaskTimeoutError } from './errors';
import { toFailureDetails, type FailureDetails } from './failure-details';
import type { ExecutionStartedEvent, HistoryEvent } from './history-events';
import { OrchestrationContext, type TaskScheduler } from './orchestration-context';
import { checkPayloadSize, deserializePayload, serializePayload } from './payload';
import { nextRetryDelay, type RetryPolicy } from './retry-policy';
import { Task, type WhenAnyTask } from './tasks';
import { nothingWaited, WAITING_LIST_LIMIT, type WaitingOn } from './waiting-on';

/** How an execution ended in this step. */
export type Completion =
  | { status: 'COMPLETED'; output?: string }
  | { status: 'FAILED'; failure: FailureDetails }
  | { status: 'TERMINATED'; output?: string; childrenToTerminate: string[] }
  | { status: 'CONTINUED_AS_NEW'; input?: string; carryOverEvents: HistoryEvent[] };

/** What one step produced: events to append, how the execution ended (if it did), and what it now waits for. */
export interface StepResult {
  events: HistoryEvent[];
  completion?: Completion;
  suspended: boolean;
  customStatus?: string;
  waitingOn: WaitingOn;
}

/** Finds a registered workflow function by name. */
export type WorkflowLookup = (name: string) => Workflow | undefined;

type RetryState = { policy: RetryPolicy; attempt: number; firstTaskId: number; firstScheduledAt: number };
type Pending =
  | { kind: 'activity'; task: Task; name: string; input?: string; retry?: RetryState; scheduledAt: string }
  | { kind: 'child'; task: Task; name: string; input?: string; instanceId: string; fixedId: boolean; retry?: RetryState }
  | { kind: 'timer'; task: Task }
  | { kind: 'retryTimer'; owner: Pending & { kind: 'activity' | 'child' } }
  | { kind: 'eventTimeout'; wait: EventWait };
type EventWait = { task: Task; name: string; since: string; timeoutId?: number };
type GeneratorLike = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;

const SCHEDULING_KINDS = new Set(['TaskScheduled', 'TimerCreated', 'SubOrchestrationInstanceCreated', 'EventSent']);

/**
 * Replays a workflow from its history and advances it by new events. Pure: events in, events out.
 * An executor can be kept between steps (feeding only new events), or rebuilt from the whole history.
 */
export class OrchestrationExecutor implements TaskScheduler {
  instanceId = '';
  workflowName = '';
  private now = new Date(0);
  private isReplayingNow = false;
  private nextTaskId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly unconfirmed = new Map<number, HistoryEvent>();
  private readonly waiters = new Map<string, EventWait[]>();
  private readonly received = new Map<string, HistoryEvent[]>();
  private readonly timerEvents = new Map<number, HistoryEvent & { kind: 'TimerCreated' }>();
  private whenAnys: WhenAnyTask[] = [];
  private suspendedEvents: HistoryEvent[] | undefined;
  private generator: GeneratorLike | undefined;
  private awaited: Task | undefined;
  private continueAsNewRequest: { input: unknown; saveEvents: boolean } | undefined;
  private completion: Completion | undefined;
  private customStatus: string | undefined;
  private output: HistoryEvent[] = [];
  private started: ExecutionStartedEvent | undefined;

  constructor(
    private readonly lookup: WorkflowLookup,
    private readonly maxPayloadBytes: number,
  ) {}

  /** The ExecutionStarted event of this execution, once seen. */
  get startedEvent(): ExecutionStartedEvent | undefined {
    return this.started;
  }

  /** True once the execution has ended (completed, failed, terminated or continued as new). */
  get isDone(): boolean {
    return this.completion !== undefined;
  }

  /** Feeds recorded history (isReplaying() is true meanwhile). Throws nothing: failures become the completion. */
  async replay(history: readonly HistoryEvent[]): Promise<void> {
    this.isReplayingNow = true;
    for (const event of history) await this.apply(event);
    this.isReplayingNow = false;
  }

  /** Runs one step at time `now` over new events; returns the events to append and the new state. */
  async step(newEvents: readonly HistoryEvent[], now: Date): Promise<StepResult> {
    this.output = [];
    const started: HistoryEvent = { kind: 'OrchestratorStarted', eventId: -1, timestamp: now.toISOString() };
    this.record(started);
    await this.apply(started);
    // ExecutionStarted goes first even when other messages reached the inbox earlier.
    const ordered = [...newEvents].sort((a, b) => rank(a) - rank(b));
    for (const event of ordered) {
      this.record(event);
      await this.apply(event);
    }
    for (const [, scheduling] of this.unconfirmed) this.record(scheduling);
    this.unconfirmed.clear();
    const c = this.completion;
    if (c && c.status !== 'TERMINATED' && !this.output.some((e) => e.kind === 'ExecutionCompleted')) {
      this.record({
        kind: 'ExecutionCompleted',
        eventId: -1,
        timestamp: now.toISOString(),
        status: c.status,
        output: c.status === 'COMPLETED' ? c.output : undefined,
        failure: c.status === 'FAILED' ? c.failure : undefined,
      });
    }
    this.record({ kind: 'OrchestratorCompleted', eventId: -1, timestamp: now.toISOString() });
    return {
      events: this.output,
      completion: this.completion,
      suspended: this.suspendedEvents !== undefined,
      customStatus: this.customStatus,
      waitingOn: this.isDone ? nothingWaited() : this.waitingOn(),
    };
  }

  private record(event: HistoryEvent): void {
    this.output.push(event);
  }

  // ---- applying events -------------------------------------------------------------------------

  private async apply(event: HistoryEvent): Promise<void> {
    if (event.kind === 'OrchestratorStarted') {
      this.now = new Date(event.timestamp);
      return;
    }
    if (event.kind === 'OrchestratorCompleted') return this.checkAllConfirmed();
    if (SCHEDULING_KINDS.has(event.kind)) return this.confirm(event);
    if (this.completion?.status === 'CONTINUED_AS_NEW') return this.afterContinueAsNew(event, this.completion);
    if (this.isDone) return;
    if (event.kind === 'ExecutionTerminated') return this.terminate(event.output, event.recurse);
    if (this.suspendedEvents) {
      if (event.kind === 'ExecutionSuspended') return;
      if (event.kind === 'ExecutionResumed') {
        const buffered = this.suspendedEvents;
        this.suspendedEvents = undefined;
        for (const e of buffered) await this.apply(e);
      } else {
        this.suspendedEvents.push(event);
      }
      return;
    }
    try {
      await this.dispatch(event);
    } catch (error) {
      this.fail(error);
    }
  }

  private async dispatch(event: HistoryEvent): Promise<void> {
    switch (event.kind) {
      case 'ExecutionStarted':
        return this.start(event);
      case 'ExecutionSuspended':
        this.suspendedEvents = [];
        return;
      case 'TaskCompleted':
      case 'SubOrchestrationInstanceCompleted':
        return this.onTaskCompleted(event.taskScheduledId, event.result);
      case 'TaskFailed':
      case 'SubOrchestrationInstanceFailed':
        return this.onTaskFailed(event.taskScheduledId, event.failure);
      case 'TimerFired':
        return this.onTimerFired(event.timerId);
      case 'EventRaised':
        return this.onEventRaised(event);
      default:
        return; // ExecutionResumed without suspension, ExecutionCompleted: nothing to do.
    }
  }

  private async start(event: ExecutionStartedEvent): Promise<void> {
    if (this.started) return;
    this.started = event;
    this.instanceId = event.instanceId;
    this.workflowName = event.name;
    const fn = this.lookup(event.name);
    if (!fn) throw new Error(`no workflow named '${event.name}' is registered with this worker`);
    const result = fn(new OrchestrationContext(this), deserializePayload(event.input));
    if (isGenerator(result)) {
      this.generator = result;
      await this.advance(() => result.next());
    } else {
      this.finish(await result);
    }
  }

  private async onTaskCompleted(taskId: number, result: string | undefined): Promise<void> {
    const entry = this.pending.get(taskId);
    if (!entry || (entry.kind !== 'activity' && entry.kind !== 'child')) return; // stale or unknown: ignore
    this.pending.delete(taskId);
    entry.task.complete(deserializePayload(result));
    await this.resume();
  }

  private async onTaskFailed(taskId: number, failure: FailureDetails): Promise<void> {
    const entry = this.pending.get(taskId);
    if (!entry || (entry.kind !== 'activity' && entry.kind !== 'child')) return;
    this.pending.delete(taskId);
    if (entry.retry) {
      const elapsed = this.now.getTime() - entry.retry.firstScheduledAt;
      const delay = nextRetryDelay(entry.retry.policy, entry.retry.attempt + 1, elapsed);
      if (delay !== undefined) {
        const timerId = this.newTimer(new Date(this.now.getTime() + delay), 'retry', entry.name);
        this.pending.set(timerId, { kind: 'retryTimer', owner: entry });
        return;
      }
    }
    const what = entry.kind === 'activity' ? `activity '${entry.name}'` : `child workflow '${entry.name}'`;
    entry.task.fail(new TaskFailedError(`${what} failed: ${failure.message}`, failure, taskId));
    await this.resume();
  }

  private async onTimerFired(timerId: number): Promise<void> {
    const entry = this.pending.get(timerId);
    if (!entry) return;
    this.pending.delete(timerId);
    if (entry.kind === 'timer') {
      entry.task.complete(undefined);
    } else if (entry.kind === 'retryTimer') {
      this.scheduleAttempt(entry.owner);
      return;
    } else if (entry.kind === 'eventTimeout') {
      const { wait } = entry;
      this.removeWaiter(wait);
      wait.task.fail(new TaskTimeoutError(`timed out waiting for external event '${wait.name}'`));
    }
    await this.resume();
  }

  private async onEventRaised(event: HistoryEvent & { kind: 'EventRaised' }): Promise<void> {
    const key = event.name.toLowerCase();
    const queue = this.waiters.get(key);
    const wait = queue?.shift();
    if (!wait) {
      const list = this.received.get(key) ?? [];
      list.push(event);
      this.received.set(key, list);
      return;
    }
    if (wait.timeoutId !== undefined) this.pending.delete(wait.timeoutId);
    wait.task.complete(deserializePayload(event.input));
    await this.resume();
  }

  /**
   * Control events consumed in the step that continued as new still count: terminate wins over the restart,
   * and pause/resume carry over to the new execution (as do raised events when saveEvents asked for it).
   */
  private afterContinueAsNew(event: HistoryEvent, completion: Completion & { status: 'CONTINUED_AS_NEW' }): void {
    if (event.kind === 'ExecutionTerminated') this.terminate(event.output, event.recurse);
    else if (event.kind === 'ExecutionSuspended' || event.kind === 'ExecutionResumed') completion.carryOverEvents.push(event);
    else if (event.kind === 'EventRaised' && this.continueAsNewRequest?.saveEvents) completion.carryOverEvents.push(event);
  }

  private terminate(output: string | undefined, recurse: boolean): void {
    const children = recurse
      ? [...this.pending.values()].flatMap((p) => (p.kind === 'child' ? [p.instanceId] : []))
      : [];
    this.completion = { status: 'TERMINATED', output, childrenToTerminate: children };
  }

  // ---- driving the generator -------------------------------------------------------------------

  private async resume(): Promise<void> {
    const task = this.awaited;
    if (!this.generator || !task || !task.isComplete || this.isDone) return;
    const gen = this.generator;
    await this.advance(() => (task.isFailed ? gen.throw(task.exception) : gen.next(task.result)));
  }

  private async advance(step: () => IteratorResult<unknown> | Promise<IteratorResult<unknown>>): Promise<void> {
    for (;;) {
      let result: IteratorResult<unknown>;
      try {
        result = await step();
      } catch (error) {
        return this.fail(error);
      }
      if (this.isDone) return; // a NonDeterminismError raised while the code ran
      if (result.done || this.continueAsNewRequest) return this.finish(result.value);
      if (!(result.value instanceof Task)) {
        return this.fail(new TypeError(`a workflow may only yield tasks; it yielded ${describe(result.value)}`));
      }
      const task = result.value;
      this.awaited = task;
      if (!task.isComplete) return;
      const gen = this.generator!;
      step = () => (task.isFailed ? gen.throw(task.exception) : gen.next(task.result));
    }
  }

  private finish(value: unknown): void {
    if (this.continueAsNewRequest) {
      const { input, saveEvents } = this.continueAsNewRequest;
      const carryOverEvents = saveEvents ? [...this.received.values()].flat() : [];
      try {
        this.completion = {
          status: 'CONTINUED_AS_NEW',
          input: serializePayload(input, 'continue-as-new input', this.maxPayloadBytes),
          carryOverEvents,
        };
      } catch (error) {
        this.fail(error);
      }
      return;
    }
    try {
      this.completion = { status: 'COMPLETED', output: serializePayload(value, 'workflow output', this.maxPayloadBytes) };
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.isDone) return;
    this.completion = { status: 'FAILED', failure: toFailureDetails(error) };
  }

  // ---- scheduling (TaskScheduler) --------------------------------------------------------------

  currentTime(): Date {
    return new Date(this.now.getTime());
  }
  replaying(): boolean {
    return this.isReplayingNow;
  }
  setCustomStatus(status: string): void {
    this.customStatus = String(status);
  }
  requestContinueAsNew(input: unknown, saveEvents: boolean): void {
    this.continueAsNewRequest = { input, saveEvents };
  }
  trackWhenAny(task: WhenAnyTask): void {
    this.whenAnys.push(task);
  }

  scheduleActivity(name: string, input: unknown, options?: TaskOptions): Task {
    const entry: Pending & { kind: 'activity' } = {
      kind: 'activity',
      task: new Task(),
      name,
      input: serializePayload(input, `input of activity '${name}'`, this.maxPayloadBytes),
      scheduledAt: this.now.toISOString(),
    };
    if (options?.retryPolicy) entry.retry = { policy: options.retryPolicy, attempt: 0, firstTaskId: -1, firstScheduledAt: this.now.getTime() };
    this.scheduleAttempt(entry);
    return entry.task;
  }

  scheduleChild(name: string, input: unknown, instanceId: string | undefined, options?: TaskOptions): Task {
    const entry: Pending & { kind: 'child' } = {
      kind: 'child',
      task: new Task(),
      name,
      input: serializePayload(input, `input of child workflow '${name}'`, this.maxPayloadBytes),
      instanceId: instanceId ?? '',
      fixedId: instanceId !== undefined,
    };
    if (options?.retryPolicy) entry.retry = { policy: options.retryPolicy, attempt: 0, firstTaskId: -1, firstScheduledAt: this.now.getTime() };
    this.scheduleAttempt(entry);
    return entry.task;
  }

  private scheduleAttempt(entry: Pending & { kind: 'activity' | 'child' }): void {
    const id = this.nextTaskId++;
    const timestamp = this.now.toISOString();
    let retryFields: { retryOf?: number; attempt?: number; maxAttempts?: number } = {};
    if (entry.retry) {
      entry.retry.attempt += 1;
      const maxAttempts = entry.retry.policy.maxNumberOfAttempts;
      if (entry.retry.attempt === 1) {
        entry.retry.firstTaskId = id;
        retryFields = { maxAttempts };
      } else {
        retryFields = { retryOf: entry.retry.firstTaskId, attempt: entry.retry.attempt, maxAttempts };
      }
    }
    if (entry.kind === 'activity') {
      entry.scheduledAt = timestamp;
      this.expect({ kind: 'TaskScheduled', eventId: id, timestamp, name: entry.name, input: entry.input, ...retryFields });
    } else {
      if (!entry.fixedId) entry.instanceId = `${this.instanceId}-child-${id}`;
      this.expect({
        kind: 'SubOrchestrationInstanceCreated',
        eventId: id,
        timestamp,
        name: entry.name,
        instanceId: entry.instanceId,
        input: entry.input,
        ...retryFields,
      });
    }
    this.pending.set(id, entry);
  }

  scheduleTimer(fireAt: Date): Task<void> {
    const task = new Task<void>();
    const id = this.newTimer(fireAt, 'timer');
    this.pending.set(id, { kind: 'timer', task: task as Task });
    return task;
  }

  waitForEvent(name: string, timeoutMs: number | undefined): Task {
    const key = name.toLowerCase();
    const task = new Task();
    const buffered = this.received.get(key);
    if (buffered?.length) {
      const event = buffered.shift()! as HistoryEvent & { kind: 'EventRaised' };
      task.complete(deserializePayload(event.input));
      return task;
    }
    const wait: EventWait = { task, name, since: this.now.toISOString() };
    if (timeoutMs !== undefined) {
      wait.timeoutId = this.newTimer(new Date(this.now.getTime() + timeoutMs), 'eventTimeout', name);
      this.pending.set(wait.timeoutId, { kind: 'eventTimeout', wait });
    }
    const queue = this.waiters.get(key) ?? [];
    queue.push(wait);
    this.waiters.set(key, queue);
    return task;
  }

  private newTimer(fireAt: Date, purpose: 'timer' | 'retry' | 'eventTimeout', name?: string): number {
    const id = this.nextTaskId++;
    const event: HistoryEvent & { kind: 'TimerCreated' } = {
      kind: 'TimerCreated',
      eventId: id,
      timestamp: this.now.toISOString(),
      fireAt: fireAt.toISOString(),
      purpose,
      name,
    };
    this.timerEvents.set(id, event);
    this.expect(event);
    return id;
  }

  private removeWaiter(wait: EventWait): void {
    const queue = this.waiters.get(wait.name.toLowerCase());
    const index = queue?.indexOf(wait) ?? -1;
    if (queue && index >= 0) queue.splice(index, 1);
  }

  // ---- determinism checks ----------------------------------------------------------------------

  private expect(event: HistoryEvent): void {
    if ('input' in event) checkPayloadSize(event.input, 'task input', this.maxPayloadBytes);
    this.unconfirmed.set(event.eventId, event);
  }

  private confirm(recorded: HistoryEvent): void {
    if (this.isDone) return;
    const produced = this.unconfirmed.get(recorded.eventId);
    if (!produced) {
      return this.fail(
        new NonDeterminismError(
          `non-deterministic workflow: history has ${describeEvent(recorded)} at task #${recorded.eventId}, but the code did not schedule it on replay. The workflow code changed under a running instance.`,
        ),
      );
    }
    if (produced.kind !== recorded.kind || taskName(produced) !== taskName(recorded)) {
      return this.fail(
        new NonDeterminismError(
          `non-deterministic workflow: history expects ${describeEvent(recorded)} at task #${recorded.eventId}, but the code scheduled ${describeEvent(produced)}. The workflow code changed under a running instance.`,
        ),
      );
    }
    this.unconfirmed.delete(recorded.eventId);
  }

  private checkAllConfirmed(): void {
    if (!this.isReplayingNow || this.isDone || this.unconfirmed.size === 0) return;
    const [first] = this.unconfirmed.values();
    this.fail(
      new NonDeterminismError(
        `non-deterministic workflow: on replay the code scheduled ${describeEvent(first)} at task #${first.eventId}, which the history does not have. The workflow code changed under a running instance.`,
      ),
    );
  }

  // ---- what the instance waits for -------------------------------------------------------------

  private waitingOn(): WaitingOn {
    const result = nothingWaited();
    const totals = { activities: 0, timers: 0, events: 0, children: 0 };
    for (const [taskId, p] of this.pending) {
      if (p.kind === 'activity') {
        if (totals.activities++ < WAITING_LIST_LIMIT) {
          result.activities.push({ taskId, name: p.name, scheduledAt: p.scheduledAt, attempt: p.retry?.attempt ?? 1 });
        }
      } else if (p.kind === 'child') {
        if (totals.children++ < WAITING_LIST_LIMIT) result.children.push({ taskId, instanceId: p.instanceId, name: p.name });
      } else {
        const created = this.timerEvents.get(taskId);
        if (created && totals.timers++ < WAITING_LIST_LIMIT) {
          result.timers.push({ taskId, fireAt: created.fireAt, purpose: created.purpose, name: created.name });
        }
      }
    }
    this.whenAnys = this.whenAnys.filter((t) => !t.isComplete);
    for (const queue of this.waiters.values()) {
      for (const wait of queue) {
        if (totals.events++ < WAITING_LIST_LIMIT) {
          result.events.push({ name: wait.name, since: wait.since, deadline: this.deadlineOf(wait) });
        }
      }
    }
    result.totals = totals;
    return result;
  }


  private deadlineOf(wait: EventWait): string | undefined {
    const deadlines: string[] = [];
    const fireAtOf = (timerId: number | undefined) =>
      timerId !== undefined && this.pending.has(timerId) ? this.timerEvents.get(timerId)?.fireAt : undefined;
    const own = fireAtOf(wait.timeoutId);
    if (own) deadlines.push(own);
    for (const any of this.whenAnys) {
      if (!any.children.includes(wait.task)) continue;
      for (const child of any.children) {
        const raced = fireAtOf(this.timerIdOf(child));
        if (raced) deadlines.push(raced);
      }
    }
    return deadlines.sort()[0];
  }

  private timerIdOf(task: Task): number | undefined {
    for (const [id, p] of this.pending) if (p.kind === 'timer' && p.task === task) return id;
    return undefined;
  }
}

function rank(event: HistoryEvent): number {
  return event.kind === 'ExecutionStarted' ? 0 : 1;
}

function isGenerator(value: unknown): value is GeneratorLike {
  return typeof value === 'object' && value !== null && typeof (value as GeneratorLike).next === 'function' && typeof (value as GeneratorLike).throw === 'function';
}

function taskName(event: HistoryEvent): string | undefined {
  return 'name' in event ? event.name : undefined;
}

function describeEvent(event: HistoryEvent): string {
  const name = taskName(event);
  const label: Record<string, string> = {
    TaskScheduled: 'activity',
    SubOrchestrationInstanceCreated: 'child workflow',
    TimerCreated: 'timer',
    EventSent: 'event',
  };
  return `${label[event.kind] ?? event.kind}${name ? ` '${name}'` : ''}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return `a ${typeof value}`;
}
