// The non-determinism check: what the workflow code schedules on replay must match what history recorded.
import type { SchedulingAction } from './actions';
import { NonDeterminismError } from './errors';
import type { HistoryEvent } from './history-events';

/** The history event kind each scheduling action is recorded as. */
const RECORDED_AS: Record<SchedulingAction['kind'], HistoryEvent['kind']> = {
  scheduleActivity: 'TaskScheduled',
  createTimer: 'TimerCreated',
  createChildWorkflow: 'SubOrchestrationInstanceCreated',
  sendEvent: 'EventSent',
};

const LABELS: Partial<Record<HistoryEvent['kind'], string>> = {
  TaskScheduled: 'activity',
  SubOrchestrationInstanceCreated: 'child workflow',
  TimerCreated: 'timer',
  EventSent: 'event',
};

/** True for history events that record a scheduling action. */
export function isSchedulingEvent(event: HistoryEvent): boolean {
  return event.kind === 'TaskScheduled' || event.kind === 'TimerCreated' || event.kind === 'SubOrchestrationInstanceCreated' || event.kind === 'EventSent';
}

/**
 * Scheduling actions the code produced and history has not (yet) confirmed, by task ID. On replay each
 * recorded scheduling event must match the action at its ID; what is left after a replayed step is code
 * that schedules more than history has; what is left after a new step are that step's new actions.
 */
export class ScheduleLedger {
  private readonly unconfirmed = new Map<number, SchedulingAction>();

  /** Notes an action the code just produced. */
  expect(action: SchedulingAction): void {
    this.unconfirmed.set(action.id, action);
  }

  /** Matches a recorded scheduling event; returns the non-determinism error when it does not match. */
  confirm(recorded: HistoryEvent): NonDeterminismError | undefined {
    const produced = this.unconfirmed.get(recorded.eventId);
    if (!produced) {
      return new NonDeterminismError(
        `non-deterministic workflow: history has ${describeEvent(recorded)} at task #${recorded.eventId}, but the code did not schedule it on replay. The workflow code changed under a running instance.`,
      );
    }
    if (RECORDED_AS[produced.kind] !== recorded.kind || nameOf(produced) !== eventNameOf(recorded)) {
      return new NonDeterminismError(
        `non-deterministic workflow: history expects ${describeEvent(recorded)} at task #${recorded.eventId}, but the code scheduled ${describeAction(produced)}. The workflow code changed under a running instance.`,
      );
    }
    this.unconfirmed.delete(recorded.eventId);
    return undefined;
  }

  /** The error for replayed code that scheduled something history does not have, if it did. */
  leftOver(): NonDeterminismError | undefined {
    const [first] = this.unconfirmed.values();
    if (!first) return undefined;
    return new NonDeterminismError(
      `non-deterministic workflow: on replay the code scheduled ${describeAction(first)} at task #${first.id}, which the history does not have. The workflow code changed under a running instance.`,
    );
  }

  /** The action at `id` that history has not confirmed yet (a new step's own, or one its replay is about to confirm). */
  unconfirmedAt(id: number): SchedulingAction | undefined {
    return this.unconfirmed.get(id);
  }

  /** Takes the actions not confirmed by history: a new step's actions, in the order they were produced. */
  take(): SchedulingAction[] {
    const actions = [...this.unconfirmed.values()];
    this.unconfirmed.clear();
    return actions;
  }
}

function nameOf(action: SchedulingAction): string | undefined {
  return action.name;
}

function eventNameOf(event: HistoryEvent): string | undefined {
  return 'name' in event ? event.name : undefined;
}

/** "activity 'x'", "timer", "child workflow 'y'": a recorded scheduling event for error messages. */
export function describeEvent(event: HistoryEvent): string {
  const name = eventNameOf(event);
  return `${LABELS[event.kind] ?? event.kind}${name ? ` '${name}'` : ''}`;
}

/** The same description for a scheduling action. */
export function describeAction(action: SchedulingAction): string {
  const name = nameOf(action);
  return `${LABELS[RECORDED_AS[action.kind]]}${name ? ` '${name}'` : ''}`;
}
