// Who may call the API: the configured token in Dapr's `dapr-api-token` header or `Authorization: Bearer`, or
// (dashboard routes) a session cookie holding an opaque ID that POST /api/session handed out for that token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { sha256Hex, type DashboardSessionStore } from '../auth/session-store';
import { ApiError } from './errors';

/** The httpOnly cookie holding the dashboard's session ID (never the token itself). */
export const SESSION_COOKIE = 'flowdeck_session';

/** The token every API route requires, from WORKFLOW_API_TOKEN or else DAPR_API_TOKEN; undefined when neither is set. */
export function configuredApiToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.WORKFLOW_API_TOKEN || env.DAPR_API_TOKEN || undefined;
}

/** Compares two secrets in constant time (their SHA-256 digests, so lengths leak nothing either). */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries in `dapr-api-token`, else in `Authorization: Bearer`. */
export function presentedToken(request: Request): string | undefined {
  const header = request.headers.get('dapr-api-token');
  if (header) return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
  return bearer ? bearer[1].trim() : undefined;
}

/** What a request is checked against: the configured token and where dashboard sessions are kept. */
export interface AuthCheck {
  expected: string | undefined;
  sessions: () => Promise<DashboardSessionStore | undefined>;
}

const SESSIONS = Symbol.for('flowdeck.dashboardSessions');
type SessionsHolder = { [SESSIONS]?: () => Promise<DashboardSessionStore | undefined> };

/** Sets where this process's dashboard sessions live (the engine host's database; see engine-context.ts). */
export function keepDashboardSessionsIn(resolve: () => Promise<DashboardSessionStore | undefined>): void {
  (globalThis as SessionsHolder)[SESSIONS] = resolve;
}

/** The process's check: the configured token and the registered session store. */
export function processAuthCheck(): AuthCheck {
  return { expected: configuredApiToken(), sessions: async () => (globalThis as SessionsHolder)[SESSIONS]?.() };
}

/** True when `request` carries a session cookie for a live session of the currently configured token. */
export async function hasValidSession(request: Request, check: AuthCheck): Promise<boolean> {
  const rawId = readCookie(request, SESSION_COOKIE);
  if (!rawId || check.expected === undefined) return false;
  const store = await check.sessions();
  const session = store && (await store.find(rawId));
  return session !== undefined && tokensMatch(session.tokenDigest, sha256Hex(check.expected));
}

/**
 * Throws 401 ERR_UNAUTHORIZED unless the request carries the configured token, or (when `allowCookie`) a valid
 * dashboard session; no-op when no token is configured.
 */
export async function authenticateRequest(request: Request, allowCookie: boolean, check: AuthCheck = processAuthCheck()): Promise<void> {
  if (check.expected === undefined) return;
  const token = presentedToken(request);
  if (token === undefined && allowCookie && (await hasValidSession(request, check))) return;
  requireToken(token, check.expected, 'send it in the dapr-api-token header or as Authorization: Bearer <token>');
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
