// GET /metrics: this process's Prometheus metrics in the text exposition format.
import 'server-only';
import { metricsSettingsFromEnv } from '../observability/metrics-env';
import { processMetrics } from '../observability/process-metrics';
import { engineApiContext } from './engine-context';
import { ApiError, errorResponse } from './errors';
import { publicRoute, route, routes } from './next-routes';
import type { Method, NextRouteHandler } from './route';

/**
 * GET /metrics: 200 with every series of this process (text/plain; version=0.0.4); 404 ERR_NOT_FOUND when
 * FLOWDECK_METRICS=off. The engine host starts first, so a scrape of a fresh process sees its series.
 */
export async function metricsHandler(): Promise<Response> {
  try {
    await engineApiContext();
    const metrics = processMetrics();
    if (!metrics) throw new ApiError('ERR_NOT_FOUND', 'metrics are off in this process (FLOWDECK_METRICS=off)');
    return new Response(await metrics.text(), { headers: { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Every method of /metrics: GET behind the API token (or role) unless FLOWDECK_METRICS_PUBLIC=1; 405 for the others. */
export function metricsRoutes(): Record<Method, NextRouteHandler<unknown>> {
  const open = metricsSettingsFromEnv().public;
  return routes({ GET: open ? publicRoute(metricsHandler) : route(() => metricsHandler()) }, { public: open });
}
