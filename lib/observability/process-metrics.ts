// The metrics of this process, kept on globalThis (Next.js loads modules separately for instrumentation and route
// handlers, so a module-level variable would be duplicated), and the calls the HTTP side makes into them.
import type { DatabaseErrorSource, MetricsTelemetry } from './metrics';

const KEY = Symbol.for('flowdeck.metrics');
type Holder = { [KEY]?: MetricsTelemetry };

/** Makes `metrics` this process's metrics (the engine host does, once). */
export function installProcessMetrics(metrics: MetricsTelemetry | undefined): void {
  (globalThis as Holder)[KEY] = metrics;
}

/** This process's metrics, or undefined when none are installed (FLOWDECK_METRICS=off, or not yet started). */
export function processMetrics(): MetricsTelemetry | undefined {
  return (globalThis as Holder)[KEY];
}

/** Records an HTTP request under its route pattern, if this process has metrics. */
export function observeHttpRequest(route: string, method: string, status: number, startedAt: number): void {
  processMetrics()?.observeHttp(route, method, status, (performance.now() - startedAt) / 1000);
}

/** Counts a database fault met at `source`, if this process has metrics and `error` is one. */
export function observeDatabaseError(source: DatabaseErrorSource, error: unknown): void {
  processMetrics()?.databaseError(source, error);
}
