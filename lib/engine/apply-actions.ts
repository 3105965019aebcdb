// The one place a workflow step's actions become history and the store commit (durabletask-go's ApplyActions):
// in-process and remote steps share every line of it.
import { isCompletionAction, type CompletionAction, type SchedulingAction, type StepOutcome, type WorkflowAction } from './actions';
import type { FailureDetails } from './failure-details';
import {
  childCompleted,
  childCreated,
  childFailed,
  eventRaised,
  eventSent,
  executionCompleted,
  executionStarted,
  executionTerminated,
  orchestratorCompleted,
  taskScheduled,
  timerCreated,
  timerFired,
} from './history-builders';
import type { ExecutionStartedEvent, HistoryEvent, SubOrchestrationInstanceCreatedEvent } from './history-events';
import { DEFAULT_MAX_KEPT_EXECUTIONS } from './recovery-store';
import { advanceRuntimeState, type RuntimeState } from './runtime-state';
import type { InstanceRecord, NewInboxMessage, NewInstance, WorkflowStepCommit } from './store';
import type { TraceContext } from './trace-context';
import { nothingWaited, waitingOnOf, type WaitingOn } from './waiting-on';

/** How an execution ended in a step. */
export type Completion =
  | { status: 'COMPLETED'; output?: string }
  | { status: 'FAILED'; failure: FailureDetails }
  | { status: 'TERMINATED'; output?: string; childrenToTerminate: string[] }
  | { status: 'CONTINUED_AS_NEW'; input?: string; carryOverEvents: HistoryEvent[] };

/** One step to apply: the instance as claimed, its state before the step, the events and the runner's answer. */
export interface StepInput {
  instance: InstanceRecord;
  /** The execution's state as its history stood before this step. */
  state: RuntimeState;
  /** The events the runner was given, in order (OrchestratorStarted first). */
  newEvents: readonly HistoryEvent[];
  outcome: StepOutcome;
  consumedMessageIds: number[];
  now: Date;
  /** Makes a fresh execution ID (for children and continue-as-new). */
  newExecutionId: () => string;
  /** The trace context of the step's span (when tracing): kept with the activity tasks and children it schedules. */
  trace?: TraceContext;
  /** Closed executions a continue-as-new keeps (default DEFAULT_MAX_KEPT_EXECUTIONS). */
  maxKeptExecutions?: number;
}

/** What a step amounts to: the history it appends, how it ended, what it waits for, and the commit. */
export interface AppliedStep {
  /** Events appended to the execution's history (a continue-as-new then resets it: see commit). */
  events: HistoryEvent[];
  completion?: Completion;
  suspended: boolean;
  waitingOn: WaitingOn;
  /** The execution's state after the step (cache it to skip deriving it from history next time). */
  state: RuntimeState;
  commit: WorkflowStepCommit;
}

/**
 * Turns a step's actions into the history to append (the new events but redundant suspends and resumes, one
 * event per scheduling action, ExecutionCompleted, OrchestratorCompleted), the queued work (activity tasks, timer
 * messages, child instances, sent events, messages to the parent) and the instance row, as one commit. A
 * terminate among the new events wins over anything but a completion the runner already made (a runner that did
 * not honour it, or a worker that is gone, still ends the instance).
 */
export function applyActions(input: StepInput): AppliedStep {
  const { instance, now } = input;
  const at = now.toISOString();
  const events: HistoryEvent[] = withoutRedundantSuspensions(input.state, input.newEvents);
  const actions = enforceTermination(input.state, input.newEvents, input.outcome.actions);
  const scheduling = actions.filter((a): a is SchedulingAction => !isCompletionAction(a));
  const completionAction = actions.find(isCompletionAction);
  for (const action of scheduling) events.push(schedulingEvent(action, at));
  const scheduled = advanceRuntimeState(input.state, events);
  const completion = completionAction && toCompletion(completionAction, scheduled);
  const closing: HistoryEvent[] = [];
  if (completion && completion.status !== 'TERMINATED') closing.push(executionCompleted(at, completion.status, completionOutput(completion)));
  if (completion?.status === 'TERMINATED' && !scheduled.ended) closing.push(executionTerminated(at, completion.output, completionAction?.kind === 'terminateWorkflow' && completionAction.recurse));
  closing.push(orchestratorCompleted(at));
  events.push(...closing);
  const state = advanceRuntimeState(scheduled, closing);
  const waitingOn = completion ? nothingWaited() : waitingOnOf(state, input.outcome.eventWaits);
  if (!completion && state.started && !state.suspended && !input.outcome.eventWaits && !waitingOn.unnamedEvent && waitsOnNothing(waitingOn)) {
    waitingOn.unnamedEvent = { since: input.instance.waitingOn?.unnamedEvent?.since ?? at };
  }
  const commit: WorkflowStepCommit = {
    instanceId: instance.instanceId,
    expectedVersion: instance.version,
    consumedMessageIds: input.consumedMessageIds,
    resetHistory: false,
    newEvents: events,
    update: {
      status: !state.started ? 'PENDING' : state.suspended ? 'SUSPENDED' : 'RUNNING',
      customStatus: input.outcome.customStatus,
      waitingOn,
      waitingForEventSince: earliest([...waitingOn.events.map((e) => e.since), ...(waitingOn.unnamedEvent ? [waitingOn.unnamedEvent.since] : [])]),
      lastUpdatedAt: now,
    },
    discardPendingWork: false,
    activityTasks: [],
    messages: [],
    children: [],
  };
  const applied = { events, completion, suspended: state.suspended, waitingOn, state, commit };
  if (!completion) {
    for (const action of scheduling) addScheduledWork(commit, input, action);
    return applied;
  }
  if (completion.status === 'CONTINUED_AS_NEW') {
    continueAsNew(commit, input, completion, state.started, events);
    return applied;
  }
  endExecution(commit, input, completion, state.started);
  // Events the workflow sent on its way out are still delivered (as durabletask does); other work is dropped.
  if (completion.status !== 'TERMINATED') for (const action of scheduling) if (action.kind === 'sendEvent') addScheduledWork(commit, input, action);
  return applied;
}

/** The commit of a step on an instance that already ended: its late messages are consumed and dropped. */
export function discardLateMessages(instance: InstanceRecord, consumedMessageIds: number[], now: Date): WorkflowStepCommit {
  return {
    instanceId: instance.instanceId,
    expectedVersion: instance.version,
    consumedMessageIds,
    resetHistory: false,
    newEvents: [],
    update: {
      status: instance.status,
      waitingOn: instance.waitingOn ?? nothingWaited(),
      waitingForEventSince: null,
      lastUpdatedAt: instance.lastUpdatedAt ?? now,
    },
    discardPendingWork: true,
    activityTasks: [],
    messages: [],
    children: [],
  };
}

/**
 * The new events without the suspends and resumes that would change nothing: a suspend of an execution that is
 * already suspended (by its history or an earlier event of this step) or has ended, and a resume of one that is not
 * suspended. Two pause (or resume) requests that passed the status check before either was applied record one event.
 */
function withoutRedundantSuspensions(state: RuntimeState, newEvents: readonly HistoryEvent[]): HistoryEvent[] {
  let { suspended, ended } = state;
  const kept: HistoryEvent[] = [];
  for (const event of newEvents) {
    if (event.kind === 'ExecutionSuspended') {
      if (suspended || ended) continue;
      suspended = true;
    } else if (event.kind === 'ExecutionResumed') {
      if (!suspended) continue;
      suspended = false;
    } else if (event.kind === 'ExecutionCompleted' || event.kind === 'ExecutionTerminated') {
      ended = true;
    }
    kept.push(event);
  }
  return kept;
}

/** A terminate in the new events drops a continue-as-new and, without another completion, becomes one. */
function enforceTermination(state: RuntimeState, newEvents: readonly HistoryEvent[], actions: WorkflowAction[]): WorkflowAction[] {
  const terminate = state.ended ? undefined : newEvents.find((e) => e.kind === 'ExecutionTerminated');
  if (!terminate) return actions;
  const kept = actions.filter((a) => a.kind !== 'continueAsNew');
  if (kept.some(isCompletionAction)) return kept;
  return [...kept, { kind: 'terminateWorkflow', output: terminate.output, recurse: terminate.recurse }];
}

function toCompletion(action: CompletionAction, state: RuntimeState): Completion {
  switch (action.kind) {
    case 'completeWorkflow':
      return { status: 'COMPLETED', output: action.output };
    case 'failWorkflow':
      return { status: 'FAILED', failure: action.failure };
    case 'continueAsNew':
      return { status: 'CONTINUED_AS_NEW', input: action.input, carryOverEvents: action.carryOverEvents };
    case 'terminateWorkflow':
      return {
        status: 'TERMINATED',
        output: action.output,
        childrenToTerminate: action.recurse ? [...state.children.values()].map((c) => c.instanceId) : [],
      };
  }
}

function completionOutput(completion: Completion): { output?: string; failure?: FailureDetails } {
  if (completion.status === 'COMPLETED') return { output: completion.output };
  if (completion.status === 'FAILED') return { failure: completion.failure };
  return {};
}

function schedulingEvent(action: SchedulingAction, at: string): HistoryEvent {
  switch (action.kind) {
    case 'scheduleActivity':
      return taskScheduled(action.id, at, action.name, action.input, action.retry);
    case 'createTimer':
      return timerCreated(action.id, at, action.fireAt, action.purpose, action.name, action.racedEvent);
    case 'createChildWorkflow':
      return childCreated(action.id, at, { name: action.name, instanceId: action.instanceId, input: action.input }, action.retry);
    case 'sendEvent':
      return eventSent(action.id, at, action.instanceId, action.name, action.input);
  }
}

function addScheduledWork(commit: WorkflowStepCommit, input: StepInput, action: SchedulingAction): void {
  const { instance, now } = input;
  const executionId = instance.executionId;
  switch (action.kind) {
    case 'scheduleActivity':
      commit.activityTasks.push({
        instanceId: instance.instanceId,
        executionId,
        taskId: action.id,
        name: action.name,
        input: action.input,
        attempt: action.retry?.attempt ?? 1,
        visibleAt: now,
        ...(input.trace && { trace: input.trace }),
      });
      return;
    case 'createTimer':
      commit.messages.push(message(instance.instanceId, executionId, new Date(action.fireAt), timerFired(action.id, action.fireAt)));
      return;
    case 'createChildWorkflow':
      commit.children.push(childInstance(input, schedulingEvent(action, now.toISOString()) as SubOrchestrationInstanceCreatedEvent));
      return;
    case 'sendEvent':
      commit.messages.push(message(action.instanceId, undefined, now, eventRaised(now, action.name, action.input)));
      return;
  }
}

function childInstance(input: StepInput, event: SubOrchestrationInstanceCreatedEvent): NewInstance {
  const { instance, now } = input;
  return childInstanceOf(event, instance, input.newExecutionId(), now, input.trace);
}

/**
 * The child instance a SubOrchestrationInstanceCreated event of `parent`'s history starts: `executionId` its first
 * execution, its ExecutionStarted naming the parent's task (a step's commit and a rerun's re-created children).
 */
export function childInstanceOf(
  event: SubOrchestrationInstanceCreatedEvent,
  parent: { instanceId: string; executionId: string; name: string },
  executionId: string,
  now: Date,
  trace?: NewInstance['trace'],
): NewInstance {
  const parentTask = { instanceId: parent.instanceId, executionId: parent.executionId, taskId: event.eventId, name: parent.name };
  const start = executionStarted(now, { name: event.name, instanceId: event.instanceId, executionId, input: event.input, parent: parentTask });
  return {
    instanceId: event.instanceId,
    name: event.name,
    executionId,
    input: event.input,
    parentInstanceId: parent.instanceId,
    parentTaskId: event.eventId,
    createdAt: now,
    startMessage: message(event.instanceId, undefined, now, start),
    ...(trace && { trace }),
  };
}

/** A final step: pending work is discarded, the row gets the result, children and parent are told. */
function endExecution(
  commit: WorkflowStepCommit,
  input: StepInput,
  completion: Exclude<Completion, { status: 'CONTINUED_AS_NEW' }>,
  started: ExecutionStartedEvent | undefined,
): void {
  const { instance, now } = input;
  commit.discardPendingWork = true;
  commit.update.waitingForEventSince = null;
  commit.update.completedAt = now;
  commit.update.durationMs = now.getTime() - instance.createdAt.getTime();
  commit.update.status = completion.status;
  if (completion.status === 'FAILED') commit.update.failure = completion.failure;
  else commit.update.output = completion.output ?? null;
  if (completion.status === 'TERMINATED') {
    for (const childId of completion.childrenToTerminate) {
      commit.messages.push(message(childId, undefined, now, executionTerminated(now, undefined, true)));
    }
  }
  const parent = started?.parent;
  if (!parent) return;
  const event =
    completion.status === 'COMPLETED'
      ? childCompleted(now, parent.taskId, completion.output)
      : childFailed(
          now,
          parent.taskId,
          completion.status === 'FAILED'
            ? completion.failure
            : { errorType: 'WorkflowTerminated', message: `child workflow '${instance.instanceId}' was terminated` },
        );
  commit.messages.push(message(parent.instanceId, parent.executionId, now, event));
}

function continueAsNew(
  commit: WorkflowStepCommit,
  input: StepInput,
  completion: Completion & { status: 'CONTINUED_AS_NEW' },
  started: ExecutionStartedEvent | undefined,
  closingEvents: HistoryEvent[],
): void {
  const { instance, now } = input;
  const executionId = input.newExecutionId();
  // The closed execution is kept (its stored rows and this step's events), the oldest beyond the cap dropped.
  commit.archive = {
    record: {
      instanceId: instance.instanceId,
      index: (started?.generation ?? 0) + 1,
      executionId: instance.executionId,
      name: instance.name,
      status: 'CONTINUED_AS_NEW',
      input: instance.input,
      output: completion.input,
      startedAt: started ? new Date(started.timestamp) : instance.createdAt,
      closedAt: now,
    },
    closingEvents,
    keep: input.maxKeptExecutions ?? DEFAULT_MAX_KEPT_EXECUTIONS,
  };
  const start = executionStarted(now, {
    name: instance.name,
    instanceId: instance.instanceId,
    executionId,
    input: completion.input,
    parent: started?.parent,
    generation: (started?.generation ?? 0) + 1,
  });
  // The old execution's queued activities and timers are dropped by executionId when they arrive.
  commit.resetHistory = true;
  commit.newEvents = [];
  commit.messages = [
    message(instance.instanceId, undefined, now, start),
    ...completion.carryOverEvents.map((e) => message(instance.instanceId, undefined, now, e)),
  ];
  commit.update = {
    ...commit.update,
    status: 'RUNNING',
    executionId,
    input: completion.input,
    output: null,
    failure: null,
    waitingOn: nothingWaited(),
    waitingForEventSince: null,
  };
}

function waitsOnNothing(w: WaitingOn): boolean {
  return w.activities.length === 0 && w.timers.length === 0 && w.children.length === 0 && w.events.length === 0;
}

function message(instanceId: string, executionId: string | undefined, visibleAt: Date, event: HistoryEvent): NewInboxMessage {
  return { instanceId, executionId, visibleAt, event };
}

function earliest(isoTimes: string[]): Date | null {
  if (!isoTimes.length) return null;
  return new Date([...isoTimes].sort()[0]);
}
