// A remote SDK's OrchestratorResponse as the engine's step outcome: each protocol action checked and turned
// into a WorkflowAction. Anything malformed is INVALID_ARGUMENT and nothing is applied.
import { ApiError } from '../api/errors';
import type { StepOutcome, WorkflowAction } from '../engine/actions';
import { validateInstanceId } from '../engine/instance-id';
import { checkPayloadSize } from '../engine/payload';
import { fromTimestamp } from './convert';
import { fromPbCarryOverEvent, fromPbFailure, stringValue } from './history-protobuf';
import type { PbFailureDetails, PbHistoryEvent, PbOrchestratorAction, PbOrchestratorResponse, PbString, PbTimestamp } from './proto-types';

type Fields = Record<string, unknown>;

/** The step outcome an OrchestratorResponse describes; `maxPayloadBytes` bounds every payload in it. */
export function toStepOutcome(response: PbOrchestratorResponse, maxPayloadBytes: number): StepOutcome {
  const ids = new Set<number>();
  const actions = (response.actions ?? []).map((action) => {
    if (!Number.isInteger(action.id) || action.id < 0) throw malformed(`action id ${String(action.id)} is not a task ID`);
    const converted = toAction(action, maxPayloadBytes);
    if (converted.kind !== 'completeWorkflow' && converted.kind !== 'failWorkflow' && converted.kind !== 'continueAsNew' && converted.kind !== 'terminateWorkflow') {
      if (ids.has(action.id)) throw malformed(`two actions use task ID ${action.id}`);
      ids.add(action.id);
    }
    return converted;
  });
  const customStatus = stringValue(response.customStatus);
  checkPayloadSize(customStatus, 'custom status', maxPayloadBytes);
  return { actions, customStatus };
}

function toAction(action: PbOrchestratorAction, limit: number): WorkflowAction {
  const type = action.orchestratorActionType;
  const f = ((type && action[type]) ?? {}) as Fields;
  const id = action.id;
  switch (type) {
    case 'scheduleTask':
      return { kind: 'scheduleActivity', id, name: name(f.name, 'scheduleTask.name'), input: payload(f.input, `input of activity '${String(f.name)}'`, limit) };
    case 'createTimer': {
      const fireAt = fromTimestamp(f.fireAt as PbTimestamp | null, 'createTimer.fireAt');
      if (!fireAt) throw malformed('createTimer.fireAt is missing');
      return { kind: 'createTimer', id, fireAt: fireAt.toISOString() };
    }
    case 'createSubOrchestration': {
      const instanceId = name(f.instanceId, 'createSubOrchestration.instanceId');
      validateInstanceId(instanceId);
      return { kind: 'createChildWorkflow', id, name: name(f.name, 'createSubOrchestration.name'), instanceId, input: payload(f.input, `input of child workflow '${String(f.name)}'`, limit) };
    }
    case 'sendEvent': {
      const target = (f.instance ?? {}) as Fields;
      return { kind: 'sendEvent', id, instanceId: name(target.instanceId, 'sendEvent.instance.instanceId'), name: name(f.name, 'sendEvent.name'), input: payload(f.data, 'event data', limit) };
    }
    case 'completeOrchestration':
      return completion(f, limit);
    case 'terminateOrchestration':
      throw malformed('terminateOrchestration actions (terminating another instance from a workflow) are not supported; terminate it through the client');
    default:
      throw malformed(`action ${id} has no known action type`);
  }
}

function completion(f: Fields, limit: number): WorkflowAction {
  const result = payload(f.result, 'workflow output', limit);
  switch (f.orchestrationStatus) {
    case 'ORCHESTRATION_STATUS_COMPLETED':
      return { kind: 'completeWorkflow', output: result };
    case 'ORCHESTRATION_STATUS_FAILED':
      return { kind: 'failWorkflow', failure: fromPbFailure(f.failureDetails as PbFailureDetails | null, 'a failed completion') };
    case 'ORCHESTRATION_STATUS_CONTINUED_AS_NEW':
      return { kind: 'continueAsNew', input: result, carryOverEvents: ((f.carryoverEvents ?? []) as PbHistoryEvent[]).map(fromPbCarryOverEvent) };
    case 'ORCHESTRATION_STATUS_TERMINATED':
      // An SDK ends this way when it replays an ExecutionTerminated: whether children end too is that event's
      // flag, not the SDK's (the remote runner applies it).
      return { kind: 'terminateWorkflow', output: result, recurse: false };
    default:
      throw malformed(`completeOrchestration with status ${String(f.orchestrationStatus)}; use COMPLETED, FAILED, CONTINUED_AS_NEW or TERMINATED`);
  }
}

function name(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw malformed(`${what} must be a non-empty string`);
  return value;
}

function payload(value: unknown, what: string, limit: number): string | undefined {
  const text = stringValue(value as PbString);
  checkPayloadSize(text, what, limit);
  return text;
}

function malformed(message: string): ApiError {
  return new ApiError('ERR_MALFORMED_REQUEST', message);
}
