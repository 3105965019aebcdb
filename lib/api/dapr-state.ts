// The body of Dapr's GET /v1.0/workflows/dapr/{instanceID}.
import type { RuntimeStatus } from '../engine/runtime-status';
import type { InstanceRecord } from '../engine/store';

/** Dapr's workflow state response: IDs, times, status and string properties. */
export interface DaprWorkflowState {
  instanceID: string;
  workflowName: string;
  createdAt: string;
  lastUpdatedAt: string;
  runtimeStatus: RuntimeStatus;
  properties: Record<string, string>;
}

/**
 * Builds the response as Dapr does: input and custom status always (empty string when none); on failure
 * the failure's type, message and stack trace; otherwise the output once COMPLETED.
 */
export function toDaprWorkflowState(row: InstanceRecord): DaprWorkflowState {
  const properties: Record<string, string> = {
    'dapr.workflow.custom_status': row.customStatus ?? '',
    'dapr.workflow.input': row.input ?? '',
  };
  if (row.failure) {
    properties['dapr.workflow.failure.error_type'] = row.failure.errorType;
    properties['dapr.workflow.failure.error_message'] = row.failure.message;
    properties['dapr.workflow.failure.stack_trace'] = row.failure.stackTrace ?? '';
  } else if (row.status === 'COMPLETED') {
    properties['dapr.workflow.output'] = row.output ?? '';
  }
  return {
    instanceID: row.instanceId,
    workflowName: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUpdatedAt: row.lastUpdatedAt.toISOString(),
    runtimeStatus: row.status,
    properties,
  };
}
