// History events between the engine's form and the durabletask protocol's (what an SDK replays).
import { ApiError } from '../api/errors';
import type { FailureDetails } from '../engine/failure-details';
import * as build from '../engine/history-builders';
import type { HistoryEvent } from '../engine/history-events';
import { fromTimestamp, toPbFailure, toPbStatus, toPbString, toTimestamp } from './convert';
import type { PbFailureDetails, PbHistoryEvent, PbString, PbTimestamp } from './proto-types';

const epoch = new Date(0);

/** An engine history event as a protocol HistoryEvent. */
export function toPbHistoryEvent(event: HistoryEvent): PbHistoryEvent {
  const at = new Date(event.timestamp);
  const base = { eventId: event.eventId, timestamp: toTimestamp(Number.isNaN(at.getTime()) ? epoch : at) };
  switch (event.kind) {
    case 'ExecutionStarted':
      return {
        ...base,
        executionStarted: {
          name: event.name,
          input: toPbString(event.input),
          orchestrationInstance: { instanceId: event.instanceId, executionId: toPbString(event.executionId) },
          parentInstance: event.parent
            ? {
                taskScheduledId: event.parent.taskId,
                name: toPbString(event.parent.name),
                orchestrationInstance: { instanceId: event.parent.instanceId, executionId: toPbString(event.parent.executionId) },
              }
            : null,
          scheduledStartTimestamp: event.scheduledStartAt ? toTimestamp(new Date(event.scheduledStartAt)) : null,
        },
      };
    case 'ExecutionCompleted':
      return {
        ...base,
        executionCompleted: {
          orchestrationStatus: toPbStatus(event.status),
          result: toPbString(event.output),
          failureDetails: event.failure ? toPbFailure(event.failure) : null,
        },
      };
    case 'ExecutionTerminated':
      return { ...base, executionTerminated: { input: toPbString(event.output), recurse: event.recurse } };
    case 'ExecutionSuspended':
      return { ...base, executionSuspended: { input: toPbString(event.reason) } };
    case 'ExecutionResumed':
      return { ...base, executionResumed: { input: toPbString(event.reason) } };
    case 'TaskScheduled':
      return { ...base, taskScheduled: { name: event.name, input: toPbString(event.input) } };
    case 'TaskCompleted':
      return { ...base, taskCompleted: { taskScheduledId: event.taskScheduledId, result: toPbString(event.result) } };
    case 'TaskFailed':
      return { ...base, taskFailed: { taskScheduledId: event.taskScheduledId, failureDetails: toPbFailure(event.failure) } };
    case 'SubOrchestrationInstanceCreated':
      return { ...base, subOrchestrationInstanceCreated: { instanceId: event.instanceId, name: event.name, input: toPbString(event.input) } };
    case 'SubOrchestrationInstanceCompleted':
      return { ...base, subOrchestrationInstanceCompleted: { taskScheduledId: event.taskScheduledId, result: toPbString(event.result) } };
    case 'SubOrchestrationInstanceFailed':
      return { ...base, subOrchestrationInstanceFailed: { taskScheduledId: event.taskScheduledId, failureDetails: toPbFailure(event.failure) } };
    case 'TimerCreated':
      return { ...base, timerCreated: { fireAt: timerDue(event.fireAt) } };
    case 'TimerFired':
      return { ...base, timerFired: { fireAt: timerDue(event.fireAt), timerId: event.timerId } };
    case 'OrchestratorStarted':
      return { ...base, orchestratorStarted: {} };
    case 'OrchestratorCompleted':
      return { ...base, orchestratorCompleted: {} };
    case 'EventSent':
      return { ...base, eventSent: { instanceId: event.instanceId, name: event.name, input: toPbString(event.input) } };
    case 'EventRaised':
      return { ...base, eventRaised: { name: event.name, input: toPbString(event.input) } };
  }
}

/**
 * A protocol HistoryEvent an SDK sent back (the carry-over events of a continue-as-new) as an engine event.
 * Only the kinds a new execution can receive are accepted; anything else is INVALID_ARGUMENT.
 */
export function fromPbCarryOverEvent(event: PbHistoryEvent): HistoryEvent {
  const at = fromTimestamp(event.timestamp as never, 'carry-over event timestamp') ?? new Date();
  const field = (name: string) => (event[name] ?? {}) as Record<string, unknown>;
  switch (event.eventType) {
    case 'eventRaised':
      return build.eventRaised(at, requireString(field('eventRaised').name, 'eventRaised.name'), stringValue(field('eventRaised').input as PbString));
    case 'executionSuspended':
      return build.executionSuspended(at, stringValue(field('executionSuspended').input as PbString));
    case 'executionResumed':
      return build.executionResumed(at, stringValue(field('executionResumed').input as PbString));
    default:
      throw new ApiError('ERR_MALFORMED_REQUEST', `a continue-as-new may carry over raised events, suspends and resumes only, not ${event.eventType ?? 'an empty event'}`);
  }
}

/**
 * The Python SDK waits for an event without a timeout behind a timer due at 9999-12-31T23:59:59.999999999Z and, on
 * replay, recognises that timer only by this exact value; history keeps milliseconds, so the nanoseconds go back.
 */
const ENDLESS_TIMER = { iso: '9999-12-31T23:59:59.999Z', timestamp: { seconds: 253402300799, nanos: 999_999_999 } };

function timerDue(fireAt: string): PbTimestamp {
  return fireAt === ENDLESS_TIMER.iso ? ENDLESS_TIMER.timestamp : toTimestamp(new Date(fireAt));
}

/** The text of a StringValue (undefined when unset). */
export function stringValue(value: PbString | undefined): string | undefined {
  return value ? value.value : undefined;
}

/** Failure details sent by an SDK, checked. */
export function fromPbFailure(details: PbFailureDetails | null | undefined, what: string): FailureDetails {
  if (!details) throw new ApiError('ERR_MALFORMED_REQUEST', `${what} has no failure details`);
  const failure: FailureDetails = { errorType: details.errorType || 'Error', message: details.errorMessage ?? '' };
  const stack = stringValue(details.stackTrace);
  if (stack) failure.stackTrace = stack;
  return failure;
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new ApiError('ERR_MALFORMED_REQUEST', `${what} must be a non-empty string`);
  return value;
}
