import type { CompletionAction, ContinueAsNewAction, SchedulingAction, StepOutcome } from './actions';
import type { TaskOptions, Workflow } from './authoring';
import { TaskFailedError, TaskTimeoutError } from './errors';
import { EventWaits, type EventWait } from './event-waits';
import { toFailureDetails, type FailureDetails } from './failure-details';
import type { EventRaisedEvent, ExecutionStartedEvent, HistoryEvent } from './history-events';
import type { RetryFields } from './history-builders';
import { OrchestrationContext, type TaskScheduler } from './orchestration-context';
import { checkPayloadSize, deserializePayload, serializePayload } from './payload';
import { nextRetryDelay, type RetryPolicy } from './retry-policy';
import { isSchedulingEvent, ScheduleLedger } from './schedule-ledger';
import { Task, type WhenAnyTask } from './tasks';

/** Finds a registered workflow function by name. */
export type WorkflowLookup = (name: string) => Workflow | undefined;

type RetryState = { policy: RetryPolicy; attempt: number; firstTaskId: number; firstScheduledAt: number };
type Pending =
  | { kind: 'activity'; task: Task; name: string; input?: string; retry?: RetryState; scheduledAt: string }
  | { kind: 'child'; task: Task; name: string; input?: string; instanceId: string; fixedId: boolean; retry?: RetryState }
  | { kind: 'timer'; task: Task }
  | { kind: 'retryTimer'; owner: Pending & { kind: 'activity' | 'child' } }
  | { kind: 'eventTimeout'; wait: EventWait };
type GeneratorLike = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;

/**
 * Replays a workflow from its history and advances it by new events. Pure: events in, actions out (what the
 * step schedules and how the execution ends); applyActions turns them into history. An executor can be kept
 * between steps (feeding only new events), or rebuilt from the whole history.
 */
export class OrchestrationExecutor implements TaskScheduler {
  instanceId = '';
  workflowName = '';
  private now = new Date(0);
  private isReplayingNow = false;
  private nextTaskId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly ledger = new ScheduleLedger();
  private readonly events = new EventWaits();
  /** Due times of the timers this execution created, by task ID. */
  private readonly timerDue = new Map<number, string>();
  private suspendedEvents: HistoryEvent[] | undefined;
  private generator: GeneratorLike | undefined;
  private awaited: Task | undefined;
  private continueAsNewRequest: { input: unknown; saveEvents: boolean } | undefined;
  private completion: CompletionAction | undefined;
  private customStatus: string | undefined;
  private started: ExecutionStartedEvent | undefined;

  constructor(
    private readonly lookup: WorkflowLookup,
    private readonly maxPayloadBytes: number,
  ) {}

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

  /**
   * Runs one step over its new events (OrchestratorStarted first: its timestamp is the step's current time)
   * and returns what the step asks for.
   */
  async step(newEvents: readonly HistoryEvent[]): Promise<StepOutcome> {
    for (const event of newEvents) await this.apply(event);
    const actions: StepOutcome['actions'] = this.ledger.take();
    if (this.completion) actions.push(this.completion);
    return {
      actions,
      customStatus: this.customStatus,
      eventWaits: this.isDone ? [] : this.events.hints((id) => this.liveTimerDue(id), (task) => this.timerIdOf(task)),
    };
  }

  // ---- applying events -------------------------------------------------------------------------

  private async apply(event: HistoryEvent): Promise<void> {
    if (event.kind === 'OrchestratorStarted') {
      this.now = new Date(event.timestamp);
      return;
    }
    if (event.kind === 'OrchestratorCompleted') return this.checkAllConfirmed();
    if (isSchedulingEvent(event)) return this.confirm(event);
    if (this.completion?.kind === 'continueAsNew') return this.afterContinueAsNew(event, this.completion);
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
      this.events.remove(wait);
      wait.task.fail(new TaskTimeoutError(`timed out waiting for external event '${wait.name}'`));
    }
    await this.resume();
  }

  private async onEventRaised(event: EventRaisedEvent): Promise<void> {
    const wait = this.events.deliver(event);
    if (!wait) return;
    if (wait.timeoutId !== undefined) this.pending.delete(wait.timeoutId);
    wait.task.complete(deserializePayload(event.input));
    await this.resume();
  }

  /**
   * Control events consumed in the step that continued as new still count: terminate wins over the restart,
   * and pause/resume carry over to the new execution (as do raised events when saveEvents asked for it).
   */
  private afterContinueAsNew(event: HistoryEvent, completion: ContinueAsNewAction): void {
    if (event.kind === 'ExecutionTerminated') this.terminate(event.output, event.recurse);
    else if (event.kind === 'ExecutionSuspended' || event.kind === 'ExecutionResumed') completion.carryOverEvents.push(event);
    else if (event.kind === 'EventRaised' && this.continueAsNewRequest?.saveEvents) completion.carryOverEvents.push(event);
  }

  private terminate(output: string | undefined, recurse: boolean): void {
    this.completion = { kind: 'terminateWorkflow', output, recurse };
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
    try {
      if (this.continueAsNewRequest) {
        const { input, saveEvents } = this.continueAsNewRequest;
        this.completion = {
          kind: 'continueAsNew',
          input: serializePayload(input, 'continue-as-new input', this.maxPayloadBytes),
          carryOverEvents: saveEvents ? this.events.buffered() : [],
        };
      } else {
        this.completion = { kind: 'completeWorkflow', output: serializePayload(value, 'workflow output', this.maxPayloadBytes) };
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.isDone) return;
    this.completion = { kind: 'failWorkflow', failure: toFailureDetails(error) };
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
    this.events.trackWhenAny(task);
    // A timer this step creates, raced against an event wait, records the event's name (the timeline draws the wait).
    const racedEvent = task.children.map((child) => this.events.nameOf(child)).find((name) => name !== undefined);
    if (racedEvent === undefined) return;
    for (const child of task.children) {
      const id = this.timerIdOf(child);
      const action = id === undefined ? undefined : this.ledger.unconfirmedAt(id);
      if (action?.kind === 'createTimer' && action.racedEvent === undefined) action.racedEvent = racedEvent;
    }
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
    const retry = entry.retry ? this.nextAttempt(entry.retry, id) : undefined;
    if (entry.kind === 'activity') {
      entry.scheduledAt = this.now.toISOString();
      this.expect({ kind: 'scheduleActivity', id, name: entry.name, input: entry.input, retry });
    } else {
      if (!entry.fixedId) entry.instanceId = `${this.instanceId}-child-${id}`;
      this.expect({ kind: 'createChildWorkflow', id, name: entry.name, instanceId: entry.instanceId, input: entry.input, retry });
    }
    this.pending.set(id, entry);
  }

  /** Counts the next attempt of a task with a retry policy; the first attempt records only the policy's limit. */
  private nextAttempt(retry: RetryState, id: number): RetryFields {
    retry.attempt += 1;
    const maxAttempts = retry.policy.maxNumberOfAttempts;
    if (retry.attempt === 1) {
      retry.firstTaskId = id;
      return { maxAttempts };
    }
    return { retryOf: retry.firstTaskId, attempt: retry.attempt, maxAttempts };
  }

  scheduleTimer(fireAt: Date): Task<void> {
    const task = new Task<void>();
    const id = this.newTimer(fireAt, 'timer');
    this.pending.set(id, { kind: 'timer', task: task as Task });
    return task;
  }

  waitForEvent(name: string, timeoutMs: number | undefined): Task {
    const task = new Task();
    const buffered = this.events.takeBuffered(name);
    if (buffered) {
      task.complete(deserializePayload(buffered.input));
      return task;
    }
    const wait: EventWait = { task, name, since: this.now.toISOString() };
    if (timeoutMs !== undefined) {
      wait.timeoutId = this.newTimer(new Date(this.now.getTime() + timeoutMs), 'eventTimeout', name);
      this.pending.set(wait.timeoutId, { kind: 'eventTimeout', wait });
    }
    this.events.add(wait);
    return task;
  }

  private newTimer(fireAt: Date, purpose: 'timer' | 'retry' | 'eventTimeout', name?: string): number {
    const id = this.nextTaskId++;
    const due = fireAt.toISOString();
    this.timerDue.set(id, due);
    this.expect({ kind: 'createTimer', id, fireAt: due, purpose, name });
    return id;
  }

  // ---- determinism checks ----------------------------------------------------------------------

  private expect(action: SchedulingAction): void {
    if ('input' in action) checkPayloadSize(action.input, 'task input', this.maxPayloadBytes);
    this.ledger.expect(action);
  }

  private confirm(recorded: HistoryEvent): void {
    if (this.isDone) return;
    const error = this.ledger.confirm(recorded);
    if (error) this.fail(error);
  }

  private checkAllConfirmed(): void {
    if (!this.isReplayingNow || this.isDone) return;
    const error = this.ledger.leftOver();
    if (error) this.fail(error);
  }

  // ---- timers still awaited (for the event waits' deadlines) -----------------------------------

  private liveTimerDue(timerId: number | undefined): string | undefined {
    return timerId !== undefined && this.pending.has(timerId) ? this.timerDue.get(timerId) : undefined;
  }

  private timerIdOf(task: Task): number | undefined {
    for (const [id, p] of this.pending) if (p.kind === 'timer' && p.task === task) return id;
    return undefined;
  }
}

function isGenerator(value: unknown): value is GeneratorLike {
  return typeof value === 'object' && value !== null && typeof (value as GeneratorLike).next === 'function' && typeof (value as GeneratorLike).throw === 'function';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return `a ${typeof value}`;
}
