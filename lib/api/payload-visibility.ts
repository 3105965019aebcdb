// Payloads hidden from viewers, per workflow (FLOWDECK_VIEWER_HIDDEN_PAYLOADS="PaymentProcessingWorkflow,Hr*" or
// "*"): a viewer reads such an instance's status, history and timing, but not its input, output, event payloads,
// activity inputs and results, or custom status. Approvers and above see everything.
import type { SequencedHistoryEvent } from '../engine/history-events';
import type { Role } from '../auth/roles';
import type { DaprWorkflowState } from './dapr-state';
import type { InstanceDetail } from './dto';

/** The fields of history events that carry payloads. */
const PAYLOAD_FIELDS = ['input', 'result', 'output'] as const;

/** The workflow-name patterns whose payloads viewers do not see (a trailing * matches any rest). */
export function hiddenPayloadPatterns(env: Record<string, string | undefined> = process.env): string[] {
  return (env.FLOWDECK_VIEWER_HIDDEN_PAYLOADS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** True when a caller of `role` may not see the payloads of instances of `workflowName`. */
export function hidesPayloads(role: Role, workflowName: string, patterns: readonly string[] = hiddenPayloadPatterns()): boolean {
  if (role !== 'viewer' || patterns.length === 0) return false;
  return patterns.some((p) => (p.endsWith('*') ? workflowName.startsWith(p.slice(0, -1)) : p === workflowName));
}

/**
 * For lists: a function that drops the custom status of rows a caller of `role` may not see payloads of (the
 * setting read once for the whole list).
 */
export function listRowsFor(role: Role): <T extends { workflowName: string; customStatus?: string }>(row: T) => T {
  const patterns = hiddenPayloadPatterns();
  return (row) => (hidesPayloads(role, row.workflowName, patterns) ? { ...row, customStatus: undefined } : row);
}

/** The detail without input, output, custom status, activity log lines and the failure's stack, marked payloadsHidden. */
export function withoutPayloads(detail: InstanceDetail): InstanceDetail {
  const { input: _input, output: _output, customStatus: _status, failure, ...rest } = detail;
  return {
    ...rest,
    ...(failure ? { failure: { errorType: failure.errorType, message: failure.message } } : {}),
    activityLogs: [],
    activityLogsOmitted: detail.activityLogs.length + detail.activityLogsOmitted,
    payloadsHidden: true,
  };
}

/** The events without their payload fields (and failures without stacks), each marked payloadHidden where it had one. */
export function eventsWithoutPayloads(events: SequencedHistoryEvent[]): SequencedHistoryEvent[] {
  return events.map((event) => {
    const copy: Record<string, unknown> = { ...event };
    let hidden = false;
    for (const field of PAYLOAD_FIELDS) {
      if (field in copy) {
        delete copy[field];
        hidden = true;
      }
    }
    const failure = copy.failure as { stackTrace?: string } | undefined;
    if (failure?.stackTrace) copy.failure = { ...failure, stackTrace: undefined };
    return (hidden ? { ...copy, payloadHidden: true } : copy) as unknown as SequencedHistoryEvent;
  });
}

/** Dapr's workflow state with the input, output, custom status and stack trace emptied. */
export function stateWithoutPayloads(state: DaprWorkflowState): DaprWorkflowState {
  const hidden = ['dapr.workflow.input', 'dapr.workflow.output', 'dapr.workflow.custom_status', 'dapr.workflow.failure.stack_trace'];
  return { ...state, properties: Object.fromEntries(Object.entries(state.properties).map(([key, value]) => [key, hidden.includes(key) ? '' : value])) };
}
