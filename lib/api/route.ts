// Binds a dashboard API handler to a Next.js route: token check, params, engine context, error mapping.
import { requireApiToken } from './auth';
import type { ApiContext } from './context';
import { errorResponse, methodNotAllowedError, type ApiOperation } from './errors';

/** A dashboard API handler: the request, its path parameters and the engine context. */
export type ApiHandler<P> = (request: Request, params: P, ctx: ApiContext) => Promise<Response>;

/** How a route is bound: whether it needs the token (default yes) and which operation names its errors. */
export interface RouteOptions {
  public?: boolean;
  operation?: ApiOperation;
}

/** A Next.js route handler signature. */
export type NextRouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Wraps `handler` so that the token is checked first and anything thrown becomes a mapped JSON error. */
export function bindRoute<P>(getContext: () => Promise<ApiContext>, handler: ApiHandler<P>, options: RouteOptions = {}): NextRouteHandler<P> {
  return async (request, context) => {
    try {
      if (!options.public) requireApiToken(request, true);
      return await handler(request, await context.params, await getContext());
    } catch (error) {
      return errorResponse(error, options.operation);
    }
  };
}

/** A handler answering 405 ERR_METHOD_NOT_ALLOWED with an Allow header (after the token check). */
export function methodNotAllowed(allowed: readonly string[]): NextRouteHandler<unknown> {
  return async (request) => {
    try {
      requireApiToken(request, true);
      throw methodNotAllowedError(request.method, allowed);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
