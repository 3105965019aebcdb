// The engine's public surface: what workflow authors and the app import.
export type {
  Workflow,
  WorkflowActivity,
  WorkflowContext,
  WorkflowActivityContext,
  TaskOptions,
  ExternalEventOptions,
  TWorkflow,
  TWorkflowActivity,
} from './authoring';
export { Task } from './tasks';
export type { RetryPolicy } from './retry-policy';
export { WorkflowRuntime, type WorkflowRuntimeConfig } from './workflow-runtime';
export { WorkflowClient, type WorkflowState } from './workflow-client';
export { DaprWorkflowClient } from './dapr-workflow-client';
export { configureDefaultEngine } from './default-engine';
export * from './errors';
export type { FailureDetails } from './failure-details';
export type { HistoryEvent, HistoryEventKind, SequencedHistoryEvent } from './history-events';
export { RUNTIME_STATUSES, isTerminalStatus, type RuntimeStatus } from './runtime-status';
export type { WorkflowStore, InstanceRecord, InstanceQuery, InstancePage } from './store';
export type { WaitingOn } from './waiting-on';
export type { WorkflowMetadata, EventDeclaration, WorkflowRegistration } from './registry';
