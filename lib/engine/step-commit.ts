import type { ExecutionStartedEvent, HistoryEvent } from './history-events';
import type { StepResult } from './orchestration-executor';
import type { InstanceRecord, NewInboxMessage, NewInstance, WorkflowStepCommit } from './store';
import { nothingWaited } from './waiting-on';

/** What the commit builder needs besides the step's result. */
export interface StepContext {
  instance: InstanceRecord;
  consumedMessageIds: number[];
  /** The execution's ExecutionStarted event (undefined while a scheduled instance has not started). */
  started: ExecutionStartedEvent | undefined;
  now: Date;
  /** Makes a fresh execution ID (for children and continue-as-new). */
  newExecutionId: () => string;
}

/** Turns one executor step into the transaction that records it: history, queued work, messages, instance row. */
export function buildStepCommit(ctx: StepContext, result: StepResult): WorkflowStepCommit {
  const { instance, now, started } = ctx;
  const commit: WorkflowStepCommit = {
    instanceId: instance.instanceId,
    expectedVersion: instance.version,
    consumedMessageIds: ctx.consumedMessageIds,
    resetHistory: false,
    newEvents: result.events,
    update: {
      status: !started ? 'PENDING' : result.suspended ? 'SUSPENDED' : 'RUNNING',
      customStatus: result.customStatus,
      waitingOn: result.waitingOn,
      waitingForEventSince: earliest(result.waitingOn.events.map((e) => e.since)),
      lastUpdatedAt: now,
    },
    discardPendingWork: false,
    activityTasks: [],
    messages: [],
    children: [],
  };
  for (const event of result.events) addScheduledWork(commit, ctx, event);
  const completion = result.completion;
  if (!completion) return commit;

  commit.update.waitingForEventSince = null;
  if (completion.status === 'CONTINUED_AS_NEW') {
    return continueAsNew(commit, ctx, completion.input, completion.carryOverEvents);
  }
  commit.discardPendingWork = true;
  commit.activityTasks = [];
  commit.children = [];
  commit.messages = [];
  commit.update.completedAt = now;
  commit.update.status = completion.status;
  if (completion.status === 'FAILED') commit.update.failure = completion.failure;
  else commit.update.output = completion.output ?? null;
  if (completion.status === 'TERMINATED') {
    for (const childId of completion.childrenToTerminate) {
      commit.messages.push(message(childId, undefined, now, { kind: 'ExecutionTerminated', eventId: -1, timestamp: now.toISOString(), recurse: true }));
    }
  }
  const parent = started?.parent;
  if (parent) {
    const timestamp = now.toISOString();
    const event: HistoryEvent =
      completion.status === 'COMPLETED'
        ? { kind: 'SubOrchestrationInstanceCompleted', eventId: -1, timestamp, taskScheduledId: parent.taskId, result: completion.output }
        : {
            kind: 'SubOrchestrationInstanceFailed',
            eventId: -1,
            timestamp,
            taskScheduledId: parent.taskId,
            failure:
              completion.status === 'FAILED'
                ? completion.failure
                : { errorType: 'WorkflowTerminated', message: `child workflow '${instance.instanceId}' was terminated` },
          };
    commit.messages.push(message(parent.instanceId, parent.executionId, now, event));
  }
  return commit;
}

function addScheduledWork(commit: WorkflowStepCommit, ctx: StepContext, event: HistoryEvent): void {
  const { instance, now } = ctx;
  const executionId = instance.executionId;
  if (event.kind === 'TaskScheduled') {
    commit.activityTasks.push({
      instanceId: instance.instanceId,
      executionId,
      taskId: event.eventId,
      name: event.name,
      input: event.input,
      attempt: event.attempt ?? 1,
      visibleAt: now,
    });
  } else if (event.kind === 'TimerCreated') {
    const fired: HistoryEvent = { kind: 'TimerFired', eventId: -1, timestamp: event.fireAt, timerId: event.eventId, fireAt: event.fireAt };
    commit.messages.push(message(instance.instanceId, executionId, new Date(event.fireAt), fired));
  } else if (event.kind === 'SubOrchestrationInstanceCreated') {
    commit.children.push(childInstance(ctx, event));
  } else if (event.kind === 'EventSent') {
    const raised: HistoryEvent = { kind: 'EventRaised', eventId: -1, timestamp: now.toISOString(), name: event.name, input: event.input };
    commit.messages.push(message(event.instanceId, undefined, now, raised));
  }
}

function childInstance(ctx: StepContext, event: HistoryEvent & { kind: 'SubOrchestrationInstanceCreated' }): NewInstance {
  const executionId = ctx.newExecutionId();
  const parent = { instanceId: ctx.instance.instanceId, executionId: ctx.instance.executionId, taskId: event.eventId, name: ctx.instance.name };
  const start: ExecutionStartedEvent = {
    kind: 'ExecutionStarted',
    eventId: -1,
    timestamp: ctx.now.toISOString(),
    name: event.name,
    instanceId: event.instanceId,
    executionId,
    input: event.input,
    parent,
  };
  return {
    instanceId: event.instanceId,
    name: event.name,
    executionId,
    input: event.input,
    parentInstanceId: parent.instanceId,
    parentTaskId: event.eventId,
    createdAt: ctx.now,
    startMessage: message(event.instanceId, undefined, ctx.now, start),
  };
}

function continueAsNew(commit: WorkflowStepCommit, ctx: StepContext, input: string | undefined, carryOver: HistoryEvent[]): WorkflowStepCommit {
  const { instance, now, started } = ctx;
  const executionId = ctx.newExecutionId();
  const start: ExecutionStartedEvent = {
    kind: 'ExecutionStarted',
    eventId: -1,
    timestamp: now.toISOString(),
    name: instance.name,
    instanceId: instance.instanceId,
    executionId,
    input,
    parent: started?.parent,
    generation: (started?.generation ?? 0) + 1,
  };
  // The old execution's queued activities and timers are dropped by executionId when they arrive.
  commit.resetHistory = true;
  commit.newEvents = [];
  commit.activityTasks = [];
  commit.children = [];
  commit.messages = [
    message(instance.instanceId, undefined, now, start),
    ...carryOver.map((e) => message(instance.instanceId, undefined, now, e)),
  ];
  commit.update = {
    ...commit.update,
    status: 'RUNNING',
    executionId,
    input,
    output: null,
    failure: null,
    waitingOn: nothingWaited(),
  };
  return commit;
}

function message(instanceId: string, executionId: string | undefined, visibleAt: Date, event: HistoryEvent): NewInboxMessage {
  return { instanceId, executionId, visibleAt, event };
}

function earliest(isoTimes: string[]): Date | null {
  if (!isoTimes.length) return null;
  return new Date([...isoTimes].sort()[0]);
}
