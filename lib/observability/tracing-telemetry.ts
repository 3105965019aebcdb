// The engine's telemetry hooks as span records (span-records.ts): a span per workflow step and per activity attempt,
// all in the instance's one trace (trace-ids.ts), and the instance's own span once it ends. The engine's thread
// only chooses IDs and fills in records; the export worker makes them OpenTelemetry spans.
import type { EngineTelemetry, TelemetryOutcome, TelemetryScope, WorkflowStepInfo } from '../engine/telemetry';
import { nowMs, randomId, type SpanRecord, type SpanRecorder } from './span-records';
import { cachedInstanceTrace, fromTraceContext, toTraceContext, type InstanceTrace } from './trace-ids';

/** Span attribute names (flowdeck.*), as docs/OPERATIONS.md "Traces" lists them. */
export const TRACE_ATTRIBUTES = {
  instanceId: 'flowdeck.instance.id',
  workflowName: 'flowdeck.workflow.name',
  activityName: 'flowdeck.activity.name',
  taskId: 'flowdeck.task.id',
  attempt: 'flowdeck.activity.attempt',
  outcome: 'flowdeck.outcome',
  status: 'flowdeck.instance.status',
  messages: 'flowdeck.step.messages',
} as const;

const EPOCH = new Date(0);
const NOOP_END = () => undefined;

/**
 * Whether a span is sampled: `traceId` is its trace's, `parentSampled` its parent's flag (undefined for a trace's
 * root), as OTEL_TRACES_SAMPLER decides (tracing.ts).
 */
export type SpanSampler = (traceId: string, parentSampled: boolean | undefined) => boolean;

/** EngineTelemetry that records the spans `sampled` keeps into `recorder`. */
export function tracingTelemetry(recorder: SpanRecorder, sampled: SpanSampler): EngineTelemetry {
  const instanceTrace = cachedInstanceTrace((traceId) => sampled(traceId, undefined));
  return {
    workflowStep(info) {
      const ofInstance = instanceTrace(info.instanceId, info.createdAt ?? EPOCH, info.trace);
      const { traceId, traceState } = ofInstance.instance;
      const spanId = randomId(8);
      const recorded = sampled(traceId, ofInstance.instance.sampled);
      const scope: TelemetryScope = { trace: toTraceContext({ traceId, spanId, sampled: recorded, traceState }), end: NOOP_END };
      if (!recorded) return scope;
      const startTime = nowMs();
      return {
        trace: scope.trace,
        end(outcome, error, detail) {
          const status = detail?.status;
          const attributes: SpanRecord['attributes'] = {
            [TRACE_ATTRIBUTES.instanceId]: info.instanceId,
            [TRACE_ATTRIBUTES.workflowName]: info.workflowName,
            [TRACE_ATTRIBUTES.messages]: info.messages,
          };
          if (status) attributes[TRACE_ATTRIBUTES.status] = status;
          const endTime = nowMs();
          const record: SpanRecord = { name: `workflow step ${info.workflowName}`, kind: 0, traceId, spanId, parentSpanId: ofInstance.instance.spanId, traceState, startTime, endTime, attributes };
          recorder.record(ended(record, outcome, error, status === 'FAILED' ? 'the workflow failed' : undefined));
          if (status && detail?.ended) recorder.record(instanceSpan(info, ofInstance, status, endTime));
        },
      };
    },
    activityAttempt(info) {
      // A task stored without a trace context (scheduled while tracing was off) starts a trace of its own.
      const parent = info.trace ? fromTraceContext(info.trace) : undefined;
      const traceId = parent?.traceId ?? randomId(16);
      if (!sampled(traceId, parent?.sampled)) return { end: NOOP_END };
      const startTime = nowMs();
      const spanId = randomId(8);
      return {
        end(outcome, error) {
          const attributes = {
            [TRACE_ATTRIBUTES.instanceId]: info.instanceId,
            [TRACE_ATTRIBUTES.activityName]: info.activityName,
            [TRACE_ATTRIBUTES.taskId]: info.taskId,
            [TRACE_ATTRIBUTES.attempt]: info.attempt,
          };
          const record: SpanRecord = { name: `activity ${info.activityName}`, kind: 0, traceId, spanId, parentSpanId: parent?.spanId, traceState: parent?.traceState, startTime, endTime: nowMs(), attributes };
          recorder.record(ended(record, outcome, error, outcome === 'failed' ? 'the activity failed' : undefined));
        },
      };
    },
  };
}

/** `record` with its outcome attribute, its exception and, unless it completed cleanly, its error status. */
function ended(record: SpanRecord, outcome: TelemetryOutcome, error: unknown, failure: string | undefined): SpanRecord {
  record.attributes[TRACE_ATTRIBUTES.outcome] = outcome;
  if (error instanceof Error) record.exception = { name: error.name, message: error.message, stack: error.stack };
  if (outcome !== 'completed' || failure) record.error = failure ?? (error instanceof Error ? error.message : outcome);
  return record;
}

/** The instance's span, from its creation to now, under the derived IDs every step's span named as its parent. */
function instanceSpan(info: WorkflowStepInfo, ofInstance: InstanceTrace, status: string, endTime: number): SpanRecord {
  const { traceId, spanId, traceState } = ofInstance.instance;
  return {
    name: `workflow ${info.workflowName}`,
    kind: 1,
    traceId,
    spanId,
    parentSpanId: ofInstance.caller?.spanId,
    traceState,
    startTime: (info.createdAt ?? EPOCH).getTime(),
    endTime,
    attributes: { [TRACE_ATTRIBUTES.instanceId]: info.instanceId, [TRACE_ATTRIBUTES.workflowName]: info.workflowName, [TRACE_ATTRIBUTES.status]: status },
    ...(status !== 'COMPLETED' && { error: `the workflow ${status === 'FAILED' ? 'failed' : 'was terminated'}` }),
  };
}
