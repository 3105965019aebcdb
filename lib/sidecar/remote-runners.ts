// The engine's runners for work that remote SDK workers run: every workflow and activity name this process
// has not registered goes out on a GetWorkItems stream; the answer comes back as the step's actions.
import type { StepOutcome, WorkflowAction } from '../engine/actions';
import type { ActivityResult, ActivityRunner } from '../engine/activity-runner';
import { NonDeterminismError } from '../engine/errors';
import { toFailureDetails } from '../engine/failure-details';
import { taskCompleted, taskFailed } from '../engine/history-builders';
import type { HistoryEvent } from '../engine/history-events';
import type { Registry } from '../engine/registry';
import { describeAction, describeEvent, isSchedulingEvent } from '../engine/schedule-ledger';
import type { ActivityTaskRecord, NameFilter } from '../engine/store';
import type { RunnerStep, WorkflowRunner } from '../engine/workflow-runner';
import { toStepOutcome } from './actions-protobuf';
import { toPbString } from './convert';
import { fromPbFailure, stringValue, toPbHistoryEvent } from './history-protobuf';
import type { PbHistoryEvent } from './proto-types';
import type { WorkerStreams } from './worker-streams';
import { VersionedCache } from '../engine/versioned-cache';

/** Names seen run by remote workers (so they can be started while no worker is connected). */
export type SeenNames = Set<string>;

/** Runs the steps of workflows not registered here on connected SDK workers. */
export class RemoteWorkflowRunner implements WorkflowRunner {
  private inFlight = 0;
  /** Each instance's history as its last committed step left it, already in protocol form, at that version. */
  private readonly histories: VersionedCache<SentHistory>;
  /** The history sent with a step whose commit is not settled yet, by instance. */
  private readonly unsettled = new Map<string, SentHistory>();

  constructor(
    private readonly registry: Registry,
    private readonly streams: WorkerStreams,
    private readonly maxPayloadBytes: number,
    private readonly seen: SeenNames,
    cacheSize: number,
  ) {
    this.histories = new VersionedCache(cacheSize);
  }

  names(): NameFilter {
    return { except: this.registry.workflowNames() };
  }

  maxInFlight(): number {
    return this.inFlight + this.streams.freeSlots();
  }

  async run(step: RunnerStep): Promise<StepOutcome> {
    this.inFlight++;
    try {
      const { instanceId, version } = step.instance;
      const past = this.histories.get(instanceId, version) ?? sentHistoryOf(await step.pastEvents());
      this.histories.delete(instanceId);
      this.unsettled.set(instanceId, past);
      const response = await this.streams.dispatchStep({
        instanceId,
        executionId: toPbString(step.instance.executionId),
        pastEvents: past.events,
        newEvents: step.newEvents.map(toPbHistoryEvent),
      });
      this.seen.add(step.instance.name);
      return checkReplay(withTerminateFlag(toStepOutcome(response, this.maxPayloadBytes), step.newEvents), past.scheduled);
    } finally {
      this.inFlight--;
    }
  }

  settled(instanceId: string, version: number | undefined, appended?: readonly HistoryEvent[]): void {
    const past = this.unsettled.get(instanceId);
    this.unsettled.delete(instanceId);
    if (past && version !== undefined && appended) this.histories.set(instanceId, extendSentHistory(past, appended), version);
    else this.histories.delete(instanceId);
  }
}

/** Runs the activities not registered here on connected SDK workers. */
export class RemoteActivityRunner implements ActivityRunner {
  private inFlight = 0;

  constructor(
    private readonly registry: Registry,
    private readonly streams: WorkerStreams,
    private readonly maxPayloadBytes: number,
  ) {}

  names(): NameFilter {
    return { except: this.registry.activityNames() };
  }

  maxInFlight(): number {
    return this.inFlight + this.streams.freeSlots();
  }

  async run(task: ActivityTaskRecord): Promise<ActivityResult> {
    this.inFlight++;
    try {
      const response = await this.streams.dispatchActivity({
        name: task.name,
        input: toPbString(task.input),
        orchestrationInstance: { instanceId: task.instanceId, executionId: toPbString(task.executionId) },
        taskId: task.taskId,
      });
      return activityResult(task, response.result, response.failureDetails, this.maxPayloadBytes);
    } finally {
      this.inFlight--;
    }
  }
}

function activityResult(task: ActivityTaskRecord, result: Parameters<typeof stringValue>[0], failure: Parameters<typeof fromPbFailure>[0], limit: number): ActivityResult {
  if (failure) return taskFailed(new Date(), task.taskId, fromPbFailure(failure, `activity '${task.name}'`));
  const text = stringValue(result);
  if (text !== undefined && Buffer.byteLength(text) > limit) {
    return taskFailed(new Date(), task.taskId, toFailureDetails(new RangeError(`result of activity '${task.name}' is ${Buffer.byteLength(text)} bytes; the limit is ${limit} bytes`)));
  }
  return taskCompleted(new Date(), task.taskId, text);
}

/**
 * An SDK answers a terminate with a TERMINATED completion that carries no recursion flag: the children end too
 * only when the terminate asked for it (the ExecutionTerminated among the step's new events), as in durabletask.
 */
function withTerminateFlag(outcome: StepOutcome, newEvents: readonly HistoryEvent[]): StepOutcome {
  const terminated = newEvents.find((e) => e.kind === 'ExecutionTerminated');
  const recurse = terminated?.kind === 'ExecutionTerminated' && terminated.recurse;
  return { ...outcome, actions: outcome.actions.map((a) => (a.kind === 'terminateWorkflow' ? { ...a, recurse } : a)) };
}

/** An execution's history as sent to SDKs (protocol form), with its scheduling events by task ID. */
type SentHistory = { events: PbHistoryEvent[]; scheduled: ReadonlyMap<number, HistoryEvent> };

function sentHistoryOf(history: readonly HistoryEvent[]): SentHistory {
  return extendSentHistory({ events: [], scheduled: new Map() }, history);
}

/** The history with `appended` added; as durabletask's backends do, no OrchestratorCompleted goes out (the Python SDK fails on one). */
function extendSentHistory(past: SentHistory, appended: readonly HistoryEvent[]): SentHistory {
  const events = [...past.events];
  const scheduled = new Map(past.scheduled);
  for (const event of appended) {
    if (event.kind === 'OrchestratorCompleted') continue;
    events.push(toPbHistoryEvent(event));
    if (isSchedulingEvent(event)) scheduled.set(event.eventId, event);
  }
  return { events, scheduled };
}

/**
 * An SDK answers with new actions only; one whose task ID history already used means the code scheduled
 * something else at that position on replay: the instance fails with the non-determinism error naming both.
 */
function checkReplay(outcome: StepOutcome, recorded: ReadonlyMap<number, HistoryEvent>): StepOutcome {
  for (const action of outcome.actions) {
    if (action.kind !== 'scheduleActivity' && action.kind !== 'createTimer' && action.kind !== 'createChildWorkflow' && action.kind !== 'sendEvent') continue;
    const earlier = recorded.get(action.id);
    if (!earlier) continue;
    const error = new NonDeterminismError(
      `non-deterministic workflow: history has ${describeEvent(earlier)} at task #${action.id}, but the worker scheduled ${describeAction(action)} there on replay. The workflow code changed under a running instance.`,
    );
    const failed: WorkflowAction = { kind: 'failWorkflow', failure: toFailureDetails(error) };
    return { actions: [failed], customStatus: outcome.customStatus };
  }
  return outcome;
}
