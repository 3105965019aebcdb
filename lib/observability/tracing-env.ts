// Whether this process traces, from the standard OpenTelemetry environment variables, and starting it: the SDK is
// imported only when tracing is on, so a process without OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT loads none of it.
import type { TracingTelemetry } from './tracing';
import { installServerSpans } from './trace-server';

/**
 * True when spans are to be exported: OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set,
 * OTEL_SDK_DISABLED is not "true" and OTEL_TRACES_EXPORTER is not "none".
 */
export function tracingEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) return false;
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() !== 'none';
}

/**
 * Starts tracing when the environment asks for it: the engine telemetry to pass to the runtime, with HTTP and gRPC
 * server spans installed for this process; shutdown() removes them and flushes (a collector that cannot be reached
 * then costs one line on stderr, never a failed shutdown). Undefined when tracing is off.
 */
export async function startTracingFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<TracingTelemetry | undefined> {
  if (!tracingEnabled(env)) return undefined;
  const [{ createTracingTelemetry }, { serverSpanHook }] = await Promise.all([import('./tracing'), import('./tracing-server')]);
  const tracing = createTracingTelemetry({ env });
  installServerSpans(serverSpanHook(tracing));
  return {
    ...tracing,
    shutdown: async () => {
      installServerSpans(undefined);
      await tracing.shutdown().catch((error: unknown) => {
        console.error(`[flowdeck] tracing: the last spans could not be exported: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
  };
}
