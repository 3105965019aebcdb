// OpenTelemetry tracing for Flowdeck: a tracer provider exporting by OTLP/HTTP (JSON) under the standard OTEL_*
// environment variables, and the engine telemetry that records spans with it. Loaded only when tracing is on
// (tracing-env.ts): with tracing off no OpenTelemetry module is imported.
import { ROOT_CONTEXT, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, RandomIdGenerator, SamplingDecision, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { EngineTelemetry } from '../engine/telemetry';
import { InstanceSpanIds, tracingTelemetry } from './tracing-telemetry';

/** A running tracer: the engine's hooks, the tracer itself (for server spans) and how to flush and stop it. */
export interface TracingTelemetry {
  telemetry: EngineTelemetry;
  tracer: Tracer;
  /** Exports the spans ended so far. */
  forceFlush(): Promise<void>;
  /** Exports what is left and stops the exporter (call once, at shutdown). */
  shutdown(): Promise<void>;
}

/** Where spans go (default: OTLP/HTTP to OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT), and the environment read. */
export interface TracingOptions {
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

/**
 * A tracer provider (resource service.name from OTEL_SERVICE_NAME, default "flowdeck", plus OTEL_RESOURCE_ATTRIBUTES;
 * sampler from OTEL_TRACES_SAMPLER; batching from OTEL_BSP_*) and the engine telemetry that records spans with it.
 */
export function createTracingTelemetry(options: TracingOptions = {}): TracingTelemetry {
  const env = options.env ?? process.env;
  const ids = new InstanceSpanIds(new RandomIdGenerator());
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'flowdeck' }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new BasicTracerProvider({
    resource,
    idGenerator: ids,
    spanProcessors: [new BatchSpanProcessor(options.exporter ?? new OTLPTraceExporter())],
  });
  const tracer = provider.getTracer('flowdeck');
  return {
    telemetry: tracingTelemetry(tracer, ids, rootSampler(env)),
    tracer,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Whether a trace no caller began is sampled: the root decision of OTEL_TRACES_SAMPLER (always_off and
 * parentbased_always_off: never; traceidratio and parentbased_traceidratio: by OTEL_TRACES_SAMPLER_ARG on the trace
 * ID, as the SDK's own sampler decides; otherwise always).
 */
function rootSampler(env: NodeJS.ProcessEnv): (traceId: string) => boolean {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (name === 'always_off' || name === 'parentbased_always_off') return () => false;
  if (name !== 'traceidratio' && name !== 'parentbased_traceidratio') return () => true;
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const sampler = new TraceIdRatioBasedSampler(Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1);
  return (traceId) => sampler.shouldSample(ROOT_CONTEXT, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED;
}
