// The engine's telemetry hooks as OpenTelemetry spans: a span per workflow step and per activity attempt, all in
// the instance's one trace (trace-ids.ts), and the instance's own span once it ends.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import type { RandomIdGenerator } from '@opentelemetry/sdk-trace-base';
import type { EngineTelemetry, TelemetryOutcome, TelemetryScope, WorkflowStepInfo } from '../engine/telemetry';
import { cachedInstanceTrace, fromTraceContext, toTraceContext, type InstanceTrace, type W3CSpanContext } from './trace-ids';

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

/** An ID generator that hands out given IDs for one span (the instance span's derived ones), random ones otherwise. */
export class InstanceSpanIds {
  private pending: { traceId: string; spanId: string } | undefined;

  constructor(private readonly random: RandomIdGenerator) {}

  /** Runs `start` (which starts one span) with `ids` as that span's IDs. */
  withIds<T>(ids: { traceId: string; spanId: string }, start: () => T): T {
    this.pending = ids;
    try {
      return start();
    } finally {
      this.pending = undefined;
    }
  }

  /** The pending trace ID, or a random one. */
  generateTraceId(): string {
    return this.pending?.traceId ?? this.random.generateTraceId();
  }

  /** The pending span ID, or a random one. */
  generateSpanId(): string {
    return this.pending?.spanId ?? this.random.generateSpanId();
  }
}

/** The context whose (remote) parent span is `span`. */
export function contextOf(span: W3CSpanContext): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: span.traceId,
    spanId: span.spanId,
    traceFlags: span.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    traceState: span.traceState ? new TraceState(span.traceState) : undefined,
  });
}

/** EngineTelemetry that records spans with `tracer`; `ids` must be the tracer provider's ID generator. */
export function tracingTelemetry(tracer: Tracer, ids: InstanceSpanIds, rootSampled: (traceId: string) => boolean): EngineTelemetry {
  const instanceTrace = cachedInstanceTrace(rootSampled);
  return {
    workflowStep(info) {
      const ofInstance = instanceTrace(info.instanceId, info.createdAt ?? EPOCH, info.trace);
      const span = tracer.startSpan(
        `workflow step ${info.workflowName}`,
        { attributes: { [TRACE_ATTRIBUTES.instanceId]: info.instanceId, [TRACE_ATTRIBUTES.workflowName]: info.workflowName, [TRACE_ATTRIBUTES.messages]: info.messages } },
        contextOf(ofInstance.instance),
      );
      return {
        trace: contextToStore(span, ofInstance.instance.traceState),
        end(outcome, error, detail) {
          const status = detail?.status;
          if (status) span.setAttribute(TRACE_ATTRIBUTES.status, status);
          endSpan(span, outcome, error, status === 'FAILED' ? 'the workflow failed' : undefined);
          if (status && detail?.ended) endInstanceSpan(tracer, ids, info, ofInstance, status);
        },
      };
    },
    activityAttempt(info) {
      const span = tracer.startSpan(
        `activity ${info.activityName}`,
        {
          attributes: {
            [TRACE_ATTRIBUTES.instanceId]: info.instanceId,
            [TRACE_ATTRIBUTES.activityName]: info.activityName,
            [TRACE_ATTRIBUTES.taskId]: info.taskId,
            [TRACE_ATTRIBUTES.attempt]: info.attempt,
          },
        },
        info.trace ? contextOf(fromTraceContext(info.trace)) : ROOT_CONTEXT,
      );
      return { end: (outcome, error) => endSpan(span, outcome, error, outcome === 'failed' ? 'the activity failed' : undefined) };
    },
  };
}

/** What a step stores with the work it schedules: its span's context (unsampled too, so children stay unsampled). */
function contextToStore(span: Span, traceState: string | undefined): TelemetryScope['trace'] {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return toTraceContext({ traceId, spanId, sampled: (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED, traceState });
}

function endSpan(span: Span, outcome: TelemetryOutcome, error: unknown, failure: string | undefined): void {
  span.setAttribute(TRACE_ATTRIBUTES.outcome, outcome);
  if (error instanceof Error) span.recordException(error);
  if (outcome !== 'completed' || failure) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure ?? (error instanceof Error ? error.message : outcome) });
  }
  span.end();
}

/** The instance's span, from its creation to now, under the derived IDs every step's span named as its parent. */
function endInstanceSpan(tracer: Tracer, ids: InstanceSpanIds, info: WorkflowStepInfo, ofInstance: InstanceTrace, status: string): void {
  const { traceId, spanId } = ofInstance.instance;
  const span = ids.withIds({ traceId, spanId }, () =>
    tracer.startSpan(
      `workflow ${info.workflowName}`,
      {
        kind: SpanKind.SERVER,
        startTime: info.createdAt,
        attributes: { [TRACE_ATTRIBUTES.instanceId]: info.instanceId, [TRACE_ATTRIBUTES.workflowName]: info.workflowName, [TRACE_ATTRIBUTES.status]: status },
      },
      ofInstance.caller ? contextOf(ofInstance.caller) : ROOT_CONTEXT,
    ),
  );
  if (status !== 'COMPLETED') span.setStatus({ code: SpanStatusCode.ERROR, message: `the workflow ${status === 'FAILED' ? 'failed' : 'was terminated'}` });
  span.end();
}
