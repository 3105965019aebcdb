import type { FailureDetails } from '@/lib/engine/failure-details';
import { NEVER_DUE } from '@/lib/engine/waiting-on';
import type { HistoryEvent, SequencedHistoryEvent } from '@/lib/engine/history-events';
import { inferRetries } from './infer-retries';
import { settleTimeline } from './settle-timeline';
import { markUnmatchedEvents } from './unmatched-events';
import type { MarkKind, TaskOutcome, TimelineMark, TimelineModel, TimelineOptions, TimelineStep, TimelineTask } from './timeline-model';

type Of<K extends HistoryEvent['kind']> = SequencedHistoryEvent & { kind: K };

/** Turns an instance's history into tasks (retries folded into attempts), lifecycle marks and per-step causes. */
export function historyToTasks(history: readonly SequencedHistoryEvent[], options: TimelineOptions = {}): TimelineModel {
  const builder = new TimelineBuilder();
  for (const event of history) builder.add(event);
  return markUnmatchedEvents(settleTimeline(inferRetries(builder.result()), options), options);
}

/** The step-by-step state of one pass over the history. */
class TimelineBuilder {
  private readonly tasks: TimelineTask[] = [];
  private readonly marks: TimelineMark[] = [];
  private readonly steps: TimelineStep[] = [];
  private readonly byTaskId = new Map<number, TimelineTask>();
  private readonly retryTimers = new Set<number>();
  /** Event waits a whenAny raced against a timer, by the timer's task ID: the wait times out when the timer fires first. */
  private readonly racedWaits = new Map<number, TimelineTask>();
  private openWaits: TimelineTask[] = [];
  private failedThisStep: TimelineTask[] = [];
  private ended = false;
  private terminatedRecursively = false;

  /** The model so far; a failed attempt that was retried no longer counts as consumed by its step. */
  result(): TimelineModel {
    const byId = new Map(this.tasks.map((t) => [t.id, t]));
    const steps = this.steps.map((s, index) => ({
      ...s,
      consumed: s.consumed.filter((id) => (byId.get(id)?.endStep ?? index) === index),
    }));
    return { tasks: this.tasks, marks: this.marks, steps, ended: this.ended, ...(this.terminatedRecursively && { terminatedRecursively: true }) };
  }

  add(event: SequencedHistoryEvent): void {
    if (event.kind === 'OrchestratorStarted') this.steps.push({ arrived: [], consumed: [], produced: [], passThrough: [], at: event.timestamp });
    else if (event.kind === 'OrchestratorCompleted') this.failedThisStep = [];
    else this.apply(event);
  }

  private apply(event: SequencedHistoryEvent): void {
    switch (event.kind) {
      case 'ExecutionStarted':
        return this.onStarted(event);
      case 'ExecutionCompleted':
        return this.onCompleted(event);
      case 'ExecutionTerminated':
        this.ended = true;
        this.terminatedRecursively ||= event.recurse;
        this.step().produced.push(this.mark(event, 'terminate', 'Terminated', { payload: event.output, reason: event.reason, actor: event.actor }).id);
        return;
      case 'ExecutionSuspended':
        this.mark(event, 'pause', 'Paused', { reason: event.reason, actor: event.actor });
        return;
      case 'ExecutionResumed':
        this.mark(event, 'resume', 'Resumed', { reason: event.reason, actor: event.actor });
        return;
      case 'TaskScheduled':
      case 'SubOrchestrationInstanceCreated':
        return this.onScheduled(event);
      case 'TaskCompleted':
      case 'SubOrchestrationInstanceCompleted':
        return this.onAttemptEnded(event.taskScheduledId, event.timestamp, { output: event.result });
      case 'TaskFailed':
      case 'SubOrchestrationInstanceFailed':
        return this.onAttemptEnded(event.taskScheduledId, event.timestamp, { failure: event.failure });
      case 'TimerCreated':
        return this.onTimerCreated(event);
      case 'TimerFired':
        return this.onTimerFired(event);
      case 'EventRaised':
        return this.onEventRaised(event);
      case 'EventSent':
        return this.onEventSent(event);
    }
  }

  private onStarted(event: Of<'ExecutionStarted'>): void {
    const generation = event.generation ?? 0;
    const mark = generation > 0
      ? this.mark(event, 'restart', `Continued as new #${generation}`, { payload: event.input, generation })
      : this.mark(event, 'start', 'Started', { payload: event.input, actor: event.actor });
    this.step().consumed.push(mark.id);
  }

  private onCompleted(event: Of<'ExecutionCompleted'>): void {
    this.ended = true;
    const [kind, label]: [MarkKind, string] =
      event.status === 'COMPLETED' ? ['complete', 'Completed'] : event.status === 'FAILED' ? ['fail', 'Failed'] : ['continueAsNew', 'Continued as new'];
    this.step().produced.push(this.mark(event, kind, label, { payload: event.output, failure: event.failure }).id);
  }

  private onScheduled(event: Of<'TaskScheduled'> | Of<'SubOrchestrationInstanceCreated'>): void {
    const child = event.kind === 'SubOrchestrationInstanceCreated' ? event.instanceId : undefined;
    const attempt = { attempt: event.attempt ?? 1, taskId: event.eventId, scheduledAt: event.timestamp, outcome: 'running' as const, input: event.input, childInstanceId: child };
    const first = event.retryOf === undefined ? undefined : this.byTaskId.get(event.retryOf);
    if (first) {
      first.maxAttempts = event.maxAttempts ?? first.maxAttempts;
      first.attempts.push(attempt);
      first.taskIds.push(event.eventId);
      first.retryAt = undefined;
      this.byTaskId.set(event.eventId, first);
      return;
    }
    const task = this.newTask(event, child ? 'child' : 'activity', event.name);
    task.attempts.push(attempt);
    task.maxAttempts = event.maxAttempts;
    task.input = event.input;
    this.step().produced.push(task.id);
  }

  private onAttemptEnded(taskId: number, at: string, result: { output?: string; failure?: FailureDetails }): void {
    const task = this.byTaskId.get(taskId);
    const attempt = task?.attempts.find((a) => a.taskId === taskId);
    if (!task || !attempt || attempt.endedAt) return;
    Object.assign(attempt, result, { endedAt: at, outcome: attemptOutcome(result.failure) });
    if (attempt.outcome === 'failed') this.failedThisStep.push(task);
    this.end(task, at);
  }

  private onTimerCreated(event: Of<'TimerCreated'>): void {
    // An SDK's endless wait for an event (no timeout) is not a timer anyone waits for: the wait is drawn instead.
    if (event.fireAt >= NEVER_DUE) return;
    if (event.purpose === 'retry') {
      const owner = [...this.failedThisStep].reverse().find((t) => t.name === event.name);
      if (!owner) return;
      owner.retryAt = event.fireAt;
      owner.taskIds.push(event.eventId);
      this.retryTimers.add(event.eventId);
      this.byTaskId.set(event.eventId, owner);
      return;
    }
    const wait = event.purpose === 'eventTimeout';
    const task = this.newTask(event, wait ? 'event' : 'timer', wait ? (event.name ?? 'event') : (event.name ?? 'timer'));
    task.fireAt = event.fireAt;
    if (wait) this.openWaits.push(task);
    this.step().produced.push(task.id);
    if (event.racedEvent !== undefined) this.onRacedWait(event, event.racedEvent);
  }

  /** A timer raced against an event wait: draws the wait (one per name and step) with the earliest such deadline. */
  private onRacedWait(timer: Of<'TimerCreated'>, name: string): void {
    const key = name.toLowerCase();
    let wait = [...this.racedWaits.values()].find((w) => !w.endedAt && w.step === this.stepIndex() && w.name.toLowerCase() === key);
    if (!wait) {
      wait = { id: `r${timer.eventId}`, kind: 'event', name, taskIds: [], outcome: 'running', step: this.stepIndex(), startedAt: timer.timestamp, attempts: [], current: false };
      this.tasks.push(wait);
      this.openWaits.push(wait);
      this.step().produced.push(wait.id);
    }
    if (!wait.fireAt || timer.fireAt < wait.fireAt) wait.fireAt = timer.fireAt;
    this.racedWaits.set(timer.eventId, wait);
  }

  private onTimerFired(event: Of<'TimerFired'>): void {
    const task = this.byTaskId.get(event.timerId);
    if (!task || task.endedAt) return;
    if (this.retryTimers.has(event.timerId)) {
      task.retryAt = undefined;
      return;
    }
    if (task.kind === 'event') this.timeOut(task);
    this.end(task, event.timestamp);
    const raced = this.racedWaits.get(event.timerId);
    if (raced && !raced.endedAt) {
      this.timeOut(raced);
      this.end(raced, event.timestamp);
    }
  }

  private timeOut(wait: TimelineTask): void {
    wait.outcome = 'timedOut';
    this.openWaits = this.openWaits.filter((w) => w !== wait);
  }

  private onEventRaised(event: Of<'EventRaised'>): void {
    const key = event.name.toLowerCase();
    const wait = this.openWaits.find((w) => w.name.toLowerCase() === key);
    if (wait) {
      this.openWaits = this.openWaits.filter((w) => w !== wait);
      wait.output = event.input;
      if (event.actor) wait.raisedBy = event.actor;
      this.end(wait, event.timestamp);
      return;
    }
    const task = this.newTask(event, 'event', event.name);
    Object.assign(task, { output: event.input, endedAt: event.timestamp, endStep: task.step, arrived: true }, event.actor && { raisedBy: event.actor });
    this.step().arrived.push(task.id);
  }

  private onEventSent(event: Of<'EventSent'>): void {
    const task = this.newTask(event, 'eventSent', event.name);
    Object.assign(task, { input: event.input, targetInstanceId: event.instanceId, endedAt: event.timestamp, endStep: task.step });
    this.step().produced.push(task.id);
    this.step().passThrough.push(task.id);
  }

  private end(task: TimelineTask, at: string): void {
    task.endedAt = at;
    task.endStep = this.stepIndex();
    this.step().consumed.push(task.id);
  }

  private newTask(event: SequencedHistoryEvent, kind: TimelineTask['kind'], name: string): TimelineTask {
    const id = event.eventId >= 0 ? `t${event.eventId}` : `e${event.sequence}`;
    const taskIds = event.eventId >= 0 ? [event.eventId] : [];
    const task: TimelineTask = { id, kind, name, taskIds, outcome: 'running', step: this.stepIndex(), startedAt: event.timestamp, attempts: [], current: false };
    this.tasks.push(task);
    if (event.eventId >= 0) this.byTaskId.set(event.eventId, task);
    return task;
  }

  private mark(event: SequencedHistoryEvent, kind: MarkKind, label: string, extra: Partial<TimelineMark>): TimelineMark {
    const mark: TimelineMark = { id: `m${event.sequence}`, kind, label, at: event.timestamp, step: this.stepIndex(), current: false, ...extra };
    this.marks.push(mark);
    return mark;
  }

  private step(): TimelineStep {
    if (!this.steps.length) this.steps.push({ arrived: [], consumed: [], produced: [], passThrough: [] });
    return this.steps[this.steps.length - 1];
  }

  private stepIndex(): number {
    return Math.max(0, this.steps.length - 1);
  }
}

/** How an attempt ended: a child workflow the engine reports as terminated ('WorkflowTerminated') is terminated, not failed. */
function attemptOutcome(failure: FailureDetails | undefined): TaskOutcome {
  if (!failure) return 'completed';
  return failure.errorType === 'WorkflowTerminated' ? 'terminated' : 'failed';
}
