// TypeScript shapes of the protocol messages as handlers see them (PROTO_LOADER_OPTIONS in protocol.ts):
// lowerCamelCase fields, unset message fields null, wrappers as { value }, enums by name. Messages we send
// may leave fields out. Source of truth: @dapr/durabletask-js/proto/orchestrator_service.proto.

/** google.protobuf.Timestamp. */
export interface PbTimestamp {
  seconds: number;
  nanos: number;
}

/** google.protobuf.StringValue (null when unset). */
export type PbString = { value: string } | null;

/** The durabletask runtime statuses, by enum name. */
export type PbOrchestrationStatus =
  | 'ORCHESTRATION_STATUS_RUNNING'
  | 'ORCHESTRATION_STATUS_COMPLETED'
  | 'ORCHESTRATION_STATUS_CONTINUED_AS_NEW'
  | 'ORCHESTRATION_STATUS_FAILED'
  | 'ORCHESTRATION_STATUS_CANCELED'
  | 'ORCHESTRATION_STATUS_TERMINATED'
  | 'ORCHESTRATION_STATUS_PENDING'
  | 'ORCHESTRATION_STATUS_SUSPENDED';

/** TaskFailureDetails. */
export interface PbFailureDetails {
  errorType: string;
  errorMessage: string;
  stackTrace: PbString;
  innerFailure: PbFailureDetails | null;
  isNonRetriable: boolean;
}

/** OrchestrationInstance. */
export interface PbOrchestrationInstance {
  instanceId: string;
  executionId: PbString;
}

/** OrchestrationState: what GetInstance and QueryInstances report about an instance. */
export interface PbOrchestrationState {
  instanceId: string;
  name: string;
  version?: PbString;
  orchestrationStatus: PbOrchestrationStatus;
  scheduledStartTimestamp?: PbTimestamp | null;
  createdTimestamp: PbTimestamp;
  lastUpdatedTimestamp: PbTimestamp;
  input?: PbString;
  output?: PbString;
  customStatus?: PbString;
  failureDetails?: Partial<PbFailureDetails> | null;
}

/** CreateInstanceRequest (StartInstance). */
export interface PbCreateInstanceRequest {
  instanceId: string;
  name: string;
  version: PbString;
  input: PbString;
  scheduledStartTimestamp: PbTimestamp | null;
}

/** GetInstanceRequest (GetInstance, WaitForInstanceStart, WaitForInstanceCompletion). */
export interface PbGetInstanceRequest {
  instanceId: string;
  getInputsAndOutputs: boolean;
}

/** GetInstanceResponse. */
export interface PbGetInstanceResponse {
  exists: boolean;
  orchestrationState?: PbOrchestrationState;
}

/** RaiseEventRequest. */
export interface PbRaiseEventRequest {
  instanceId: string;
  name: string;
  input: PbString;
}

/** TerminateRequest. */
export interface PbTerminateRequest {
  instanceId: string;
  output: PbString;
  recursive: boolean;
}

/** SuspendRequest and ResumeRequest. */
export interface PbReasonRequest {
  instanceId: string;
  reason: PbString;
}

/** InstanceQuery (inside QueryInstancesRequest.query). */
export interface PbInstanceQuery {
  runtimeStatus: (PbOrchestrationStatus | number)[];
  createdTimeFrom: PbTimestamp | null;
  createdTimeTo: PbTimestamp | null;
  taskHubNames: { value: string }[];
  maxInstanceCount: number;
  continuationToken: PbString;
  instanceIdPrefix: PbString;
  fetchInputsAndOutputs: boolean;
}

/** PurgeInstancesRequest: one instance (always recursive) or a filter; `request` names which. */
export interface PbPurgeInstancesRequest {
  request?: 'instanceId' | 'purgeInstanceFilter';
  instanceId?: string;
  purgeInstanceFilter?: {
    createdTimeFrom: PbTimestamp | null;
    createdTimeTo: PbTimestamp | null;
    runtimeStatus: (PbOrchestrationStatus | number)[];
  } | null;
}

/**
 * HistoryEvent: `eventId`, `timestamp` and exactly one of the event fields, named by `eventType`:
 * executionStarted {name, version, input, orchestrationInstance, parentInstance {taskScheduledId, name,
 * version, orchestrationInstance}, scheduledStartTimestamp, parentTraceContext, orchestrationSpanID},
 * executionCompleted {orchestrationStatus, result, failureDetails}, executionTerminated {input, recurse},
 * taskScheduled {name, version, input, parentTraceContext}, taskCompleted {taskScheduledId, result},
 * taskFailed {taskScheduledId, failureDetails}, subOrchestrationInstanceCreated {instanceId, name, version,
 * input, parentTraceContext}, subOrchestrationInstanceCompleted {taskScheduledId, result},
 * subOrchestrationInstanceFailed {taskScheduledId, failureDetails}, timerCreated {fireAt},
 * timerFired {fireAt, timerId}, orchestratorStarted {}, orchestratorCompleted {}, eventSent {instanceId,
 * name, input}, eventRaised {name, input}, genericEvent {data}, historyState {orchestrationState},
 * continueAsNew {input}, executionSuspended {input}, executionResumed {input}.
 */
export interface PbHistoryEvent {
  eventId: number;
  timestamp: PbTimestamp | null;
  eventType?: string;
  [eventField: string]: unknown;
}

/**
 * OrchestratorAction: `id` and one of scheduleTask {name, version, input}, createSubOrchestration
 * {instanceId, name, version, input}, createTimer {fireAt}, sendEvent {instance, name, data},
 * completeOrchestration {orchestrationStatus, result, details, newVersion, carryoverEvents, failureDetails},
 * terminateOrchestration {instanceId, reason, recurse}, named by `orchestratorActionType`.
 */
export interface PbOrchestratorAction {
  id: number;
  orchestratorActionType?: string;
  [actionField: string]: unknown;
}

/** OrchestratorRequest: a workflow step sent to a worker in WorkItem.orchestratorRequest. */
export interface PbOrchestratorRequest {
  instanceId: string;
  executionId: PbString;
  pastEvents: PbHistoryEvent[];
  newEvents: PbHistoryEvent[];
}

/** OrchestratorResponse: what CompleteOrchestratorTask receives. */
export interface PbOrchestratorResponse {
  instanceId: string;
  actions: PbOrchestratorAction[];
  customStatus: PbString;
}

/** ActivityRequest: an activity run sent to a worker in WorkItem.activityRequest. */
export interface PbActivityRequest {
  name: string;
  version?: PbString;
  input: PbString;
  orchestrationInstance: PbOrchestrationInstance;
  taskId: number;
}

/** ActivityResponse: what CompleteActivityTask receives (result or failureDetails). */
export interface PbActivityResponse {
  instanceId: string;
  taskId: number;
  result: PbString;
  failureDetails: PbFailureDetails | null;
}
