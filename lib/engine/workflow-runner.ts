// The seam between the engine and whoever runs workflow code: the in-process executor, or a remote SDK worker.
import type { StepOutcome } from './actions';
import type { HistoryEvent } from './history-events';
import type { InstanceRecord, NameFilter } from './store';

/** One step for a runner: the instance as claimed, the step's new events and its past history on demand. */
export interface RunnerStep {
  instance: InstanceRecord;
  /** The step's new events, OrchestratorStarted (the step's time) first, then ExecutionStarted if present. */
  newEvents: readonly HistoryEvent[];
  /** The execution's history before this step (loaded once per step, on first call). */
  pastEvents(): Promise<readonly HistoryEvent[]>;
}

/** Runs workflow steps: given a step's events, answers with the step's actions. */
export interface WorkflowRunner {
  /** Which workflow names this runner serves (its worker claims only those). */
  names(): NameFilter;
  /** How many steps it can take in flight now (default: the engine's maxConcurrentWorkflowInvocations). */
  maxInFlight?(): number;
  /** The step's actions; throws when the step could not be run (the work item is then abandoned and retried). */
  run(step: RunnerStep): Promise<StepOutcome>;
  /**
   * The step was committed at `version`, appending `appended` to the history (keep what matches it), or, with
   * `version` undefined, not committed or the execution ended: forget the instance.
   */
  settled(instanceId: string, version: number | undefined, appended?: readonly HistoryEvent[]): void;
}
