// Health check and the dashboard's token session (both reachable without a token).
import { configuredApiToken, presentedToken, SESSION_COOKIE, tokensMatch } from './auth';
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

/** GET /api/session: whether a token is required and whether this request carries a valid one. */
export async function sessionStatusHandler(request: Request): Promise<Response> {
  const expected = configuredApiToken();
  const token = presentedToken(request, true);
  return noStoreJson({ authRequired: expected !== undefined, authenticated: expected === undefined || (token !== undefined && tokensMatch(token, expected)) });
}

/**
 * POST /api/session {token}: checks the token and keeps it in an httpOnly, SameSite=Strict cookie that the
 * dashboard's same-origin fetches then carry (scripts never see it). 401 for a wrong token.
 */
export async function createSessionHandler(request: Request): Promise<Response> {
  try {
    const expected = configuredApiToken();
    const body = await readJsonBody(request, SESSION_BODY_LIMIT);
    const { token } = parseWith(sessionBody, body.present ? body.value : {}, 'body');
    if (expected === undefined) return noStoreJson({ authRequired: false, authenticated: true });
    if (!tokensMatch(token, expected)) throw new ApiError('ERR_UNAUTHORIZED', 'the API token is not valid');
    return noStoreJson({ authRequired: true, authenticated: true }, 200, { 'Set-Cookie': sessionCookie(request, encodeURIComponent(token)) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** DELETE /api/session: forgets the cookie. */
export async function deleteSessionHandler(request: Request): Promise<Response> {
  return noStoreJson({ authenticated: false }, 200, { 'Set-Cookie': sessionCookie(request, '', 0) });
}

function sessionCookie(request: Request, value: string, maxAge?: number): string {
  const secure = new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
