// Next.js route handlers bound to this process's engine: what the files under app/ export.
import 'server-only';
import { handleDaprRequest } from './dapr-api';
import { daprAreaOf } from './dapr-router';
import { handleDaprStateRequest } from './dapr-state-http';
import { engineApiContext } from './engine-context';
import { ApiError, errorResponse } from './errors';
import { bindRoute, methodNotAllowed, type ApiHandler, type NextRouteHandler, type RouteOptions } from './route';
import { requireApiToken } from './auth';
import { healthHandler } from './system-handlers';

/** A dashboard API handler bound to the engine (token check, error mapping). */
export function route<P>(handler: ApiHandler<P>, options?: RouteOptions): NextRouteHandler<P> {
  return bindRoute(engineApiContext, handler, options);
}

/** The methods a route file may export. */
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Handlers for every method: the given ones, and 405 with an Allow header for the rest. */
export function routes<P>(handlers: Partial<Record<Method, NextRouteHandler<P>>>): Record<Method, NextRouteHandler<P>> {
  const refuse = methodNotAllowed(Object.keys(handlers)) as NextRouteHandler<P>;
  return {
    GET: handlers.GET ?? refuse,
    POST: handlers.POST ?? refuse,
    PUT: handlers.PUT ?? refuse,
    PATCH: handlers.PATCH ?? refuse,
    DELETE: handlers.DELETE ?? refuse,
  };
}

/** Every method of /{version}/[[...path]]: Dapr's workflow API, metadata and health probes, and the state API. */
export function daprRoutes(version: string): Record<Method, NextRouteHandler<{ path?: string[] }>> {
  const handler: NextRouteHandler<{ path?: string[] }> = async (request, context) => {
    const segments = (await context.params).path ?? [];
    if (daprAreaOf(segments) === 'state') return handleDaprStateRequest(request, segments);
    return handleDaprRequest(request, version, segments, engineApiContext);
  };
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}

/** Every method of an unknown /api/ path: 404 ERR_NOT_FOUND (after the token check). */
export async function unknownApiRoute(request: Request): Promise<Response> {
  try {
    requireApiToken(request, true);
    throw new ApiError('ERR_NOT_FOUND', `no API route matches ${new URL(request.url).pathname}`);
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET /api/health. */
export function health(): Promise<Response> {
  return healthHandler(engineApiContext);
}
