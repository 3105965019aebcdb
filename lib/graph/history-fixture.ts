import * as build from '@/lib/engine/history-builders';
import type { RetryFields } from '@/lib/engine/history-builders';
import type { HistoryEvent, SequencedHistoryEvent, TimerPurpose } from '@/lib/engine/history-events';

/** Where a hand-written history starts: its clock, and its first task ID (the in-process executor counts from 0, the Dapr SDKs from 1). */
export interface HistoryFixtureOptions {
  start?: string;
  firstTaskId?: number;
}

/**
 * Writes histories by hand, shaped like the executor's (each step bracketed by
 * OrchestratorStarted/OrchestratorCompleted, consumed events before scheduled ones). For tests and samples.
 */
export class HistoryFixture {
  readonly events: SequencedHistoryEvent[] = [];
  private clock: number;
  private nextTaskId: number;

  constructor(options: HistoryFixtureOptions = {}) {
    this.clock = Date.parse(options.start ?? '2026-01-05T09:00:00.000Z');
    this.nextTaskId = options.firstTaskId ?? 0;
  }

  /** Moves the clock forward. */
  wait(ms: number): this {
    this.clock += ms;
    return this;
  }

  /** Records one workflow step at the current time. */
  step(body: (s: this) => void): this {
    this.push(build.orchestratorStarted(this.now()));
    body(this);
    this.push(build.orchestratorCompleted(this.now()));
    return this;
  }

  started(name: string, input?: unknown, generation?: number): void {
    this.push(build.executionStarted(this.now(), { name, instanceId: 'inst-1', executionId: 'exec-1', input: json(input), generation }));
  }
  /** Schedules an activity attempt; returns its task ID. */
  activity(name: string, input?: unknown, retry?: RetryFields): number {
    return this.push(build.taskScheduled(this.nextTaskId++, this.now(), name, json(input), retry));
  }
  /** Starts a child workflow; returns its task ID. */
  child(name: string, instanceId: string, retry?: RetryFields): number {
    return this.push(build.childCreated(this.nextTaskId++, this.now(), { name, instanceId }, retry));
  }
  /** Creates a durable timer firing `inMs` from now; returns its task ID. */
  timer(inMs: number, purpose: TimerPurpose = 'timer', name?: string): number {
    return this.push(build.timerCreated(this.nextTaskId++, this.now(), new Date(this.clock + inMs), purpose, name));
  }
  /** Creates a plain timer a whenAny races against the wait for `eventName`; returns its task ID. */
  race(inMs: number, eventName: string): number {
    return this.push(build.timerCreated(this.nextTaskId++, this.now(), new Date(this.clock + inMs), 'timer', undefined, eventName));
  }
  completed(taskId: number, result?: unknown, child = false): void {
    this.push((child ? build.childCompleted : build.taskCompleted)(this.now(), taskId, json(result)));
  }
  failed(taskId: number, message: string, child = false, errorType = 'Error'): void {
    const failure = { errorType, message, stackTrace: `Error: ${message}\n    at activity (worker.ts:1:1)` };
    this.push((child ? build.childFailed : build.taskFailed)(this.now(), taskId, failure));
  }
  fired(timerId: number): void {
    this.push(build.timerFired(timerId, this.now()));
  }
  raised(name: string, input?: unknown): void {
    this.push(build.eventRaised(this.now(), name, json(input)));
  }
  sent(instanceId: string, name: string): void {
    this.push(build.eventSent(this.nextTaskId++, this.now(), instanceId, name, undefined));
  }
  suspended(reason?: string): void {
    this.push(build.executionSuspended(this.now(), reason));
  }
  resumed(reason?: string): void {
    this.push(build.executionResumed(this.now(), reason));
  }
  /** A client's terminate; `recurse` (the default, as the API's) terminates the children too. */
  terminated(recurse = true): void {
    this.push(build.executionTerminated(this.now(), undefined, recurse));
  }
  finished(output?: unknown): void {
    this.push(build.executionCompleted(this.now(), 'COMPLETED', { output: json(output) }));
  }
  crashed(message: string): void {
    this.push(build.executionCompleted(this.now(), 'FAILED', { failure: { errorType: 'Error', message } }));
  }

  private now(): Date {
    return new Date(this.clock);
  }

  private push(event: HistoryEvent): number {
    this.events.push({ ...event, sequence: this.events.length });
    return event.eventId;
  }
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
