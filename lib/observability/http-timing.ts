// Times the HTTP API's route handlers for flowdeck_http_request_duration_seconds (by route pattern, method, status).
import { daprRoutePattern, nextRoutePattern } from './route-pattern';
import { observeHttpRequest, processMetrics } from './process-metrics';

/** A route handler as Next.js calls it. */
type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Wraps a Next.js route handler so that each request is timed under its route pattern (nothing when metrics are off). */
export function timedRoute<P>(handler: Handler<P>): Handler<P> {
  return async (request, context) => {
    if (!processMetrics()) return handler(request, context);
    const startedAt = performance.now();
    const response = await handler(request, context);
    const params = context?.params ? await context.params : undefined;
    observeHttpRequest(nextRoutePattern(new URL(request.url).pathname, params), request.method, response.status, startedAt);
    return response;
  };
}

/** Wraps the handler of Dapr's /{version}/[[...path]] routes so that each request is timed under its Dapr route pattern. */
export function timedDaprRoute(version: string, handler: Handler<{ path?: string[] }>): Handler<{ path?: string[] }> {
  return async (request, context) => {
    if (!processMetrics()) return handler(request, context);
    const startedAt = performance.now();
    const response = await handler(request, context);
    const segments = (await context.params).path ?? [];
    observeHttpRequest(daprRoutePattern(version, segments), request.method, response.status, startedAt);
    return response;
  };
}
