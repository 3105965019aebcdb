// Next.js route handlers bound to this process's engine: what the files under app/ export.
import 'server-only';
import { handleDaprRequest, refuseDaprStateRequest } from './dapr-api';
import { daprAreaOf } from './dapr-router';
import { handleDaprStateRequest } from './dapr-state-http';
import { engineApiContext, engineAuth } from './engine-context';
import { ApiError, errorResponse } from './errors';
import { bindRoute, type ApiHandler, type Method, type NextRouteHandler, type RouteOptions } from './route';
import { authenticateRequest } from './auth';
import { healthHandler } from './system-handlers';
import { timedDaprRoute, timedRoute } from '../observability/http-timing';
import { withHttpServerSpan } from '../observability/trace-server';
import { auditedAuthCall } from '../audit/sign-in-audit';
import { processAuthCheck } from './auth';

export { publicRoute, routes } from './route';

/** A dashboard API handler bound to the engine (token check, query rule, error mapping). */
export function route<P>(handler: ApiHandler<P>, options?: RouteOptions): NextRouteHandler<P> {
  return bindRoute(engineApiContext, handler, options);
}

/** Every method of /{version}/[[...path]]: Dapr's workflow API, metadata and health probes, and the state API. */
export function daprRoutes(version: string): Record<Method, NextRouteHandler<{ path?: string[] }>> {
  const handler: NextRouteHandler<{ path?: string[] }> = timedDaprRoute(version, (request, context) =>
    withHttpServerSpan(request, async () => {
      const segments = (await context.params).path ?? [];
      if (daprAreaOf(segments) === 'state' && request.method !== 'OPTIONS') return (await refuseDaprStateRequest(request)) ?? handleDaprStateRequest(request, segments);
      return handleDaprRequest(request, version, segments, engineApiContext);
    }),
  );
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler, OPTIONS: handler };
}

/** Every method of an unknown /api/ path: 404 ERR_NOT_FOUND (after the token check). */
export const unknownApiRoute = timedRoute(async (request: Request): Promise<Response> => {
  try {
    await authenticateRequest(request, true);
    throw new ApiError('ERR_NOT_FOUND', `no API route matches ${new URL(request.url).pathname}`);
  } catch (error) {
    return errorResponse(error);
  }
});

/** GET /api/health. */
export function health(): Promise<Response> {
  return healthHandler(engineApiContext);
}

/** Every method of /api/auth/*: Better Auth's sign-in, sign-out and session endpoints (lib/auth/better-auth.ts); failed sign-ins and sign-outs audited. */
export async function authRoute(request: Request): Promise<Response> {
  return auditedAuthCall(request, await processAuthCheck().people?.().catch(() => undefined), async () => {
    try {
      const auth = await engineAuth();
      if (!auth) throw new ApiError('ERR_NOT_FOUND', 'this server has no sign-in for people');
      return await auth.handler(request);
    } catch (error) {
      return errorResponse(error);
    }
  });
}
