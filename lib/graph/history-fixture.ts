import type { HistoryEvent, SequencedHistoryEvent, TimerPurpose } from '@/lib/engine/history-events';

type Unsequenced = HistoryEvent extends infer E ? (E extends HistoryEvent ? Omit<E, 'timestamp' | 'eventId'> : never) : never;

/**
 * Writes histories by hand, shaped like the executor's (each step bracketed by
 * OrchestratorStarted/OrchestratorCompleted, consumed events before scheduled ones). For tests and samples.
 */
export class HistoryFixture {
  readonly events: SequencedHistoryEvent[] = [];
  private clock: number;
  private nextTaskId = 0;

  constructor(start = '2026-01-05T09:00:00.000Z') {
    this.clock = Date.parse(start);
  }

  /** Moves the clock forward. */
  wait(ms: number): this {
    this.clock += ms;
    return this;
  }

  /** Records one workflow step at the current time. */
  step(body: (s: this) => void): this {
    this.push({ kind: 'OrchestratorStarted' });
    body(this);
    this.push({ kind: 'OrchestratorCompleted' });
    return this;
  }

  started(name: string, input?: unknown, generation?: number): void {
    this.push({ kind: 'ExecutionStarted', name, instanceId: 'inst-1', executionId: 'exec-1', input: json(input), generation });
  }
  /** Schedules an activity attempt; returns its task ID. */
  activity(name: string, input?: unknown, retry?: { retryOf?: number; attempt?: number; maxAttempts?: number }): number {
    return this.push({ kind: 'TaskScheduled', name, input: json(input), ...retry }, this.nextTaskId++);
  }
  /** Starts a child workflow; returns its task ID. */
  child(name: string, instanceId: string, retry?: { retryOf?: number; attempt?: number; maxAttempts?: number }): number {
    return this.push({ kind: 'SubOrchestrationInstanceCreated', name, instanceId, ...retry }, this.nextTaskId++);
  }
  /** Creates a durable timer firing `inMs` from now; returns its task ID. */
  timer(inMs: number, purpose: TimerPurpose = 'timer', name?: string): number {
    return this.push({ kind: 'TimerCreated', fireAt: new Date(this.clock + inMs).toISOString(), purpose, name }, this.nextTaskId++);
  }
  completed(taskId: number, result?: unknown, child = false): void {
    this.push({ kind: child ? 'SubOrchestrationInstanceCompleted' : 'TaskCompleted', taskScheduledId: taskId, result: json(result) });
  }
  failed(taskId: number, message: string, child = false): void {
    const failure = { errorType: 'Error', message, stackTrace: `Error: ${message}\n    at activity (worker.ts:1:1)` };
    this.push({ kind: child ? 'SubOrchestrationInstanceFailed' : 'TaskFailed', taskScheduledId: taskId, failure });
  }
  fired(timerId: number): void {
    const fireAt = new Date(this.clock).toISOString();
    this.push({ kind: 'TimerFired', timerId, fireAt });
  }
  raised(name: string, input?: unknown): void {
    this.push({ kind: 'EventRaised', name, input: json(input) });
  }
  sent(instanceId: string, name: string): void {
    this.push({ kind: 'EventSent', instanceId, name }, this.nextTaskId++);
  }
  suspended(reason?: string): void {
    this.push({ kind: 'ExecutionSuspended', reason });
  }
  resumed(reason?: string): void {
    this.push({ kind: 'ExecutionResumed', reason });
  }
  terminated(): void {
    this.push({ kind: 'ExecutionTerminated', recurse: true });
  }
  finished(output?: unknown): void {
    this.push({ kind: 'ExecutionCompleted', status: 'COMPLETED', output: json(output) });
  }
  crashed(message: string): void {
    this.push({ kind: 'ExecutionCompleted', status: 'FAILED', failure: { errorType: 'Error', message } });
  }

  private push(event: Unsequenced, eventId = -1): number {
    const full = { ...event, eventId, timestamp: new Date(this.clock).toISOString(), sequence: this.events.length } as SequencedHistoryEvent;
    this.events.push(full);
    return eventId;
  }
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
