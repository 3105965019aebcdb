// Health check and the dashboard's token session (both reachable without a token).
import { identifyCaller, isLocalMode, processAuthCheck, readCookie, SESSION_COOKIE, tokensMatch, type AuthCheck, type Caller } from './auth';
import { oidcConfigFromEnv } from '../auth/oidc-config';
import type { Role } from '../auth/roles';
import { sessionLifetimeMs, sha256Hex } from '../auth/session-store';
import { clientAddress, SignInLimiter } from '../auth/sign-in-limiter';
import type { ApiContext } from './context';
import type { HealthResponse } from './dto';
import { ApiError, databaseFaultError, errorResponse } from './errors';
import { checkDatabaseWrites, type WriteCheck } from '../store/database-faults';
import { readJsonBody } from './request-body';
import { noStoreJson } from './responses';
import { parseWith, sessionBody } from './schemas';

/** Largest /api/session body. */
const SESSION_BODY_LIMIT = 4096;

/** GET /api/health when the database answers reads but refuses a write: why, as an error body too. */
export interface DegradedHealthResponse {
  status: 'degraded';
  database: 'sqlite' | 'postgresql';
  /** What the write met ("database is read-only", "database disk is full", ...). */
  reason: string;
  errorCode: 'ERR_DATABASE_UNAVAILABLE';
  message: string;
}

/**
 * GET /api/health: 200 {status:'ok', database} when the database answers and takes a write (a cheap write of
 * the stores' connections, at most once a second: checkDatabaseWrites); 503 {status:'degraded', reason, ...}
 * with Retry-After when it answers but refuses writes (read-only, full disk, ...); 503
 * ERR_DATABASE_UNAVAILABLE when it does not answer.
 */
export async function healthHandler(getContext: () => Promise<ApiContext>): Promise<Response> {
  try {
    const ctx = await getContext();
    await ctx.pingDatabase();
    const writes = await checkDatabaseWrites();
    if (!writes.ok) return degradedResponse(ctx.dialect, writes);
    const body: HealthResponse = { status: 'ok', database: ctx.dialect };
    return noStoreJson(body);
  } catch (error) {
    const response = errorResponse(error);
    if (response.status !== 500) return response;
    return errorResponse(new ApiError('ERR_DATABASE_UNAVAILABLE', 'the database did not answer; see the server log'));
  }
}

function degradedResponse(database: DegradedHealthResponse['database'], writes: Extract<WriteCheck, { ok: false }>): Response {
  const error = writes.fault
    ? databaseFaultError({ kind: writes.fault, message: writes.reason })
    : new ApiError('ERR_DATABASE_UNAVAILABLE', writes.reason, { 'Retry-After': '5' });
  const body: DegradedHealthResponse = { status: 'degraded', database, reason: writes.reason, errorCode: 'ERR_DATABASE_UNAVAILABLE', message: error.message };
  return noStoreJson(body, error.status, error.headers);
}

/** The failed sign-ins of this process (per client address and in all). */
const signInLimiter = new SignInLimiter();

/** The body of GET /api/session: who the dashboard is signed in as, and how one can sign in. */
export interface SessionStatus {
  /** False only in local mode (loopback, no account, no token: anyone on the machine is admin). */
  authRequired: boolean;
  authenticated: boolean;
  localMode: boolean;
  caller?: { kind: Caller['kind']; name: string; role: Role; email?: string };
  /** The ways to sign in this server offers: password accounts, an OpenID provider (its label), the API token. */
  signIn: { password: boolean; oidc?: string; token: boolean };
}

/** GET /api/session: who this request acts as (if anyone) and how to sign in. */
export async function sessionStatusHandler(request: Request, check: AuthCheck = processAuthCheck()): Promise<Response> {
  const localMode = await isLocalMode(check);
  const caller = await identifyCaller(request, true, check).catch(() => undefined);
  let oidc: string | undefined;
  try {
    oidc = oidcConfigFromEnv()?.name;
  } catch {
    oidc = undefined;
  }
  const body: SessionStatus = {
    authRequired: !localMode,
    authenticated: caller !== undefined,
    localMode,
    ...(caller ? { caller: { kind: caller.kind, name: caller.name, role: caller.role, ...(caller.email ? { email: caller.email } : {}) } } : {}),
    signIn: { password: (await check.people?.()) !== undefined, ...(oidc ? { oidc } : {}), token: check.expected !== undefined },
  };
  return noStoreJson(body);
}

/**
 * POST /api/session {token}: checks the token and starts a session: a random ID in an httpOnly, SameSite=Strict
 * cookie (stored only as its SHA-256, expiring after FLOWDECK_SESSION_HOURS) that the dashboard's same-origin
 * fetches then carry. 401 for a wrong token; 429 with Retry-After once a client address (or everybody) has
 * failed 10 (100) times in a minute.
 */
export async function createSessionHandler(request: Request, check: AuthCheck = processAuthCheck(), limiter = signInLimiter): Promise<Response> {
  try {
    const body = await readJsonBody(request, SESSION_BODY_LIMIT);
    const { token } = parseWith(sessionBody, body.present ? body.value : {}, 'body');
    if (check.expected === undefined) return noStoreJson({ authRequired: false, authenticated: true });
    const address = clientAddress(request);
    const retryAfter = await limiter.blocked(address);
    if (retryAfter !== undefined) {
      throw new ApiError('ERR_TOO_MANY_REQUESTS', `too many failed sign-ins: try again in ${retryAfter} s`, { 'Retry-After': String(retryAfter) });
    }
    if (!tokensMatch(token, check.expected)) {
      await limiter.failed(address);
      throw new ApiError('ERR_UNAUTHORIZED', 'the API token is not valid');
    }
    const store = await check.sessions();
    if (!store) throw new ApiError('ERR_DATABASE_UNAVAILABLE', 'sessions cannot be kept: the database is not available', { 'Retry-After': '5' });
    const lifetimeMs = sessionLifetimeMs();
    const rawId = await store.create(sha256Hex(check.expected), new Date(Date.now() + lifetimeMs));
    return noStoreJson({ authRequired: true, authenticated: true }, 200, { 'Set-Cookie': sessionCookie(request, rawId, Math.floor(lifetimeMs / 1000)) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** DELETE /api/session: ends the session (its row is deleted, so the ID no longer works anywhere) and clears the cookie. */
export async function deleteSessionHandler(request: Request, check: AuthCheck = processAuthCheck()): Promise<Response> {
  try {
    const rawId = readCookie(request, SESSION_COOKIE);
    if (rawId) {
      const store = await check.sessions();
      await store?.revoke(rawId);
    }
    return noStoreJson({ authenticated: false }, 200, { 'Set-Cookie': sessionCookie(request, '', 0) });
  } catch (error) {
    return errorResponse(error);
  }
}

function sessionCookie(request: Request, value: string, maxAge: number): string {
  const secure = new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
