// OpenTelemetry tracing for Flowdeck: spans recorded on the engine's thread as plain records and exported by
// OTLP/HTTP (JSON) from a worker thread under the standard OTEL_* environment variables (span-records.ts). Loaded
// only when tracing is on (tracing-env.ts): with tracing off no OpenTelemetry module is imported.
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import type { EngineTelemetry } from '../engine/telemetry';
import { SpanRecorder } from './span-records';
import { tracingTelemetry, type SpanSampler } from './tracing-telemetry';

/** A running tracer: the engine's hooks, the recorder (for server spans), the sampler, and how to flush and stop it. */
export interface TracingTelemetry {
  telemetry: EngineTelemetry;
  recorder: SpanRecorder;
  sampled: SpanSampler;
  /** Exports the spans ended so far. */
  forceFlush(): Promise<void>;
  /** Exports what is left and stops the exporter (call once, at shutdown). */
  shutdown(): Promise<void>;
}

/** The environment read: OTEL_EXPORTER_OTLP_*, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*, OTEL_TRACES_SAMPLER[_ARG]. */
export interface TracingOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * The export worker (resource service.name from OTEL_SERVICE_NAME, default "flowdeck", plus OTEL_RESOURCE_ATTRIBUTES;
 * batching from OTEL_BSP_*) and the engine telemetry that records spans into it, sampled as OTEL_TRACES_SAMPLER says.
 */
export function createTracingTelemetry(options: TracingOptions = {}): TracingTelemetry {
  const env = options.env ?? process.env;
  const recorder = SpanRecorder.start(env);
  const sampled = samplerFromEnv(env);
  return {
    telemetry: tracingTelemetry(recorder, sampled),
    recorder,
    sampled,
    forceFlush: () => recorder.forceFlush(),
    shutdown: () => recorder.shutdown(),
  };
}

/**
 * OTEL_TRACES_SAMPLER as the SDK reads it: always_on, always_off, traceidratio (by OTEL_TRACES_SAMPLER_ARG on the
 * trace ID, as the SDK's own sampler decides), or their parentbased_ forms (the default, parentbased_always_on),
 * which follow the parent's flag when there is a parent.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv): SpanSampler {
  const given = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() ?? '';
  const name = SAMPLERS.includes(given) ? given : 'parentbased_always_on';
  const parentBased = name.startsWith('parentbased_');
  const root = rootDecision(parentBased ? name.slice('parentbased_'.length) : name, env.OTEL_TRACES_SAMPLER_ARG);
  return parentBased ? (traceId, parentSampled) => parentSampled ?? root(traceId) : (traceId) => root(traceId);
}

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

function rootDecision(name: string, arg: string | undefined): (traceId: string) => boolean {
  if (name === 'always_off') return () => false;
  if (name !== 'traceidratio') return () => true;
  const ratio = Number(arg ?? '1');
  const sampler = new TraceIdRatioBasedSampler(Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1);
  return (traceId) => sampler.shouldSample(ROOT_CONTEXT, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED;
}
