// API token checks: Dapr's `dapr-api-token` header, `Authorization: Bearer`, or the dashboard's session cookie.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors';

/** The httpOnly cookie in which POST /api/session keeps the token for the dashboard's own fetches. */
export const SESSION_COOKIE = 'flowdeck_api_token';

/** The token every API route requires, from WORKFLOW_API_TOKEN or else DAPR_API_TOKEN; undefined when neither is set. */
export function configuredApiToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.WORKFLOW_API_TOKEN || env.DAPR_API_TOKEN || undefined;
}

/** Compares two tokens in constant time (their SHA-256 digests, so lengths leak nothing either). */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `dapr-api-token`, then `Authorization: Bearer`, then (when allowed) the session cookie. */
export function presentedToken(request: Request, allowCookie: boolean): string | undefined {
  const header = request.headers.get('dapr-api-token');
  if (header) return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
  if (bearer) return bearer[1].trim();
  return allowCookie ? readCookie(request, SESSION_COOKIE) : undefined;
}

/** Throws 401 ERR_UNAUTHORIZED unless the request carries the configured token (no-op when none is configured). */
export function requireApiToken(request: Request, allowCookie: boolean, expected = configuredApiToken()): void {
  requireToken(presentedToken(request, allowCookie), expected, 'send it in the dapr-api-token header or as Authorization: Bearer <token>');
}

/**
 * Throws ERR_UNAUTHORIZED (HTTP 401, gRPC UNAUTHENTICATED) unless `presented` matches `expected` (no-op when
 * no token is configured); `howToSend` completes the message for a missing token.
 */
export function requireToken(presented: string | undefined, expected: string | undefined, howToSend: string): void {
  if (expected === undefined) return;
  if (presented !== undefined && tokensMatch(presented, expected)) return;
  throw new ApiError('ERR_UNAUTHORIZED', presented === undefined ? `an API token is required: ${howToSend}` : 'the API token is not valid', {
    'WWW-Authenticate': 'Bearer',
  });
}

/** The value of cookie `name` in the request's Cookie header. */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
