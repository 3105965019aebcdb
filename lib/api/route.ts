// Binds a dashboard API handler to a Next.js route: token check, query rule, params, engine context, error mapping.
import { authenticateRequest } from './auth';
import { defaultRoleFor, type Role } from '../auth/roles';
import type { ApiContext } from './context';
import { ApiError, errorResponse, methodNotAllowedError, type ApiOperation } from './errors';
import { rejectRepeatedParams } from './schemas';
import { timedRoute } from '../observability/http-timing';
import { withHttpServerSpan } from '../observability/trace-server';
import { apiSegments, auditedCall } from '../audit/route-audit';
import { dashboardCallAudit, signInCallAudit } from '../audit/route-actions';

/** A dashboard API handler: the request, its path parameters and the engine context. */
export type ApiHandler<P> = (request: Request, params: P, ctx: ApiContext) => Promise<Response>;

/**
 * How a route is bound: whether it needs a caller (default yes) and which role, which operation names its errors,
 * and which query parameters are lists (the only ones that may be repeated).
 */
export interface RouteOptions {
  public?: boolean;
  /** The role the route needs (default: viewer to read, operator to change: defaultRoleFor). */
  role?: Role;
  operation?: ApiOperation;
  listParams?: readonly string[];
}

/** A Next.js route handler signature. */
export type NextRouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/**
 * Wraps `handler` so that the caller and its role are checked first (rememberCaller keeps who it is for the handler), a repeated query parameter is refused (400) and anything
 * thrown becomes a mapped JSON error; timed for metrics and, when tracing, inside a server span. A mutating call is
 * recorded in the audit trail with its outcome, refusals included (lib/audit/route-audit.ts).
 */
export function bindRoute<P>(getContext: () => Promise<ApiContext>, handler: ApiHandler<P>, options: RouteOptions = {}): NextRouteHandler<P> {
  return timedRoute((request, context) =>
    withHttpServerSpan(request, () =>
      auditedCall(request, apiSegments(request), dashboardCallAudit, async () => {
        try {
          if (!options.public) await authenticateRequest(request, true, options.role ?? defaultRoleFor(request.method));
          rejectRepeatedParams(new URL(request.url), options.listParams);
          return await handler(request, await context.params, await getContext());
        } catch (error) {
          return errorResponse(error, options.operation);
        }
      }),
    ),
  );
}

/** A handler answering 405 ERR_METHOD_NOT_ALLOWED with an Allow header (after the token check, unless public). */
export function methodNotAllowed(allowed: readonly string[], options: Pick<RouteOptions, 'public'> = {}): NextRouteHandler<unknown> {
  return timedRoute(async (request) => {
    try {
      if (!options.public) await authenticateRequest(request, true);
      throw methodNotAllowedError(request.method, allowed);
    } catch (error) {
      return errorResponse(error);
    }
  });
}

/**
 * A handler answering OPTIONS with 204 and the methods the route serves for its path parameters in Allow (HEAD with
 * GET, and OPTIONS), after the token check unless public; `allowed` undefined means no route: 404 ERR_NOT_FOUND.
 */
export function optionsRoute<P>(allowed: (params: P) => readonly string[] | undefined, options: Pick<RouteOptions, 'public'> = {}): NextRouteHandler<P> {
  return timedRoute(async (request, context) => {
    try {
      if (!options.public) await authenticateRequest(request, true);
      return optionsResponse(allowed(await context.params), new URL(request.url).pathname);
    } catch (error) {
      return errorResponse(error);
    }
  });
}

/** 204 with `Allow`: the methods (HEAD added to GET) and OPTIONS; 404 ERR_NOT_FOUND for a path no route serves. */
export function optionsResponse(methods: readonly string[] | undefined, path: string): Response {
  if (!methods) return errorResponse(new ApiError('ERR_NOT_FOUND', `no API route matches ${path}`));
  const allow = [...methods, ...(methods.includes('GET') && !methods.includes('HEAD') ? ['HEAD'] : []), 'OPTIONS'];
  return new Response(null, { status: 204, headers: { Allow: allow.join(', '), 'Cache-Control': 'no-store' } });
}

/** The methods a route file may export. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** The methods a route serves (OPTIONS is answered for them). */
type ServedMethod = Exclude<Method, 'OPTIONS'>;

/** How `routes` answers what its handlers do not: whether without the token, and which methods serve which params. */
interface RoutesOptions<P> {
  /** Refusals and OPTIONS need no token (for routes that need none). */
  public?: boolean;
  /** The methods served for these path parameters (default: every method given); undefined: no such route (404). */
  allowed?: (params: P) => readonly ServedMethod[] | undefined;
}

/**
 * Handlers for every method: the given ones, 405 with an Allow header for the other methods, and OPTIONS answering
 * 204 with the methods served in Allow (Next.js's own OPTIONS would list every method exported).
 */
export function routes<P>(handlers: Partial<Record<ServedMethod, NextRouteHandler<P>>>, options: RoutesOptions<P> = {}): Record<Method, NextRouteHandler<P>> {
  const served = Object.keys(handlers) as ServedMethod[];
  const refuse = methodNotAllowed(served, options) as NextRouteHandler<P>;
  return {
    GET: handlers.GET ?? refuse,
    POST: handlers.POST ?? refuse,
    PUT: handlers.PUT ?? refuse,
    PATCH: handlers.PATCH ?? refuse,
    DELETE: handlers.DELETE ?? refuse,
    OPTIONS: optionsRoute(options.allowed ?? (() => served), options),
  };
}

/** A handler of a route that needs no token (health, session): the query rule, then `handler`; token sign-ins audited. */
export function publicRoute(handler: (request: Request) => Promise<Response>): NextRouteHandler<unknown> {
  return timedRoute((request) =>
    auditedCall(request, apiSegments(request), signInCallAudit, async () => {
      try {
        rejectRepeatedParams(new URL(request.url));
      } catch (error) {
        return errorResponse(error);
      }
      return handler(request);
    }),
  );
}
