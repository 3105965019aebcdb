// Who may call the API, and with which role: the configured machine token in Dapr's `dapr-api-token` header or
// `Authorization: Bearer` (admin), or on dashboard routes a person's sign-in cookie (their role) or a token
// session's cookie (admin); with no account and no token on a loopback address, anyone on the machine (admin).
import { createHash, timingSafeEqual } from 'node:crypto';
import { API_TOKEN_PREFIX, type ApiTokens } from '../auth/api-tokens';
import type { People } from '../auth/people';
import { roleAllows, type Role } from '../auth/roles';
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

/** Who a request acts as: anyone on the machine (local mode), the machine token, or a signed-in person. */
export interface Caller {
  kind: 'local' | 'token' | 'person';
  role: Role;
  /** Who to name in the audit and on the timeline: the person's name, "API token" or "local user". */
  name: string;
  userId?: string;
  /** The API token's ID (absent for the machine token). */
  tokenId?: string;
  email?: string;
  groups?: string[];
}

/** What a request is checked against: the machine token, token sessions, people, and where the server listens. */
export interface AuthCheck {
  expected: string | undefined;
  sessions: () => Promise<DashboardSessionStore | undefined>;
  /** People's accounts and sessions; absent where the process has none (then nobody has an account). */
  people?: () => Promise<People | undefined>;
  /** The API tokens admins made; absent where the process keeps none. */
  apiTokens?: () => Promise<ApiTokens | undefined>;
  /** The address the server listens on (FLOWDECK_BIND_HOST, set by scripts/serve.mjs); undefined: loopback. */
  bindHost?: string;
}

/** Where a process's token sessions and people live (the engine host's database; see engine-context.ts). */
export interface AuthStores {
  sessions: () => Promise<DashboardSessionStore | undefined>;
  people: () => Promise<People | undefined>;
  apiTokens: () => Promise<ApiTokens | undefined>;
}

const STORES = Symbol.for('flowdeck.authStores');
type StoresHolder = { [STORES]?: AuthStores };

/** Sets where this process's token sessions and people live. */
export function keepAuthStoresIn(stores: AuthStores): void {
  (globalThis as StoresHolder)[STORES] = stores;
}

/** The process's check: the configured token, the registered stores and the listening address. */
export function processAuthCheck(): AuthCheck {
  const stores = (globalThis as StoresHolder)[STORES];
  return {
    expected: configuredApiToken(),
    sessions: async () => stores?.sessions(),
    people: async () => stores?.people(),
    apiTokens: async () => stores?.apiTokens(),
    bindHost: process.env.FLOWDECK_BIND_HOST,
  };
}

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost); undefined counts as loopback. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return true;
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/**
 * True when the dashboard needs no sign-in: no machine token, no account yet, and the server listens on a loopback
 * address only (issue 14: "local mode: anyone on this machine is admin").
 */
export async function isLocalMode(check: AuthCheck): Promise<boolean> {
  if (check.expected !== undefined || !isLoopbackHost(check.bindHost)) return false;
  const people = await check.people?.();
  return !(people && (await people.hasAccounts()));
}

/** True when `request` carries a session cookie for a live session of the currently configured token. */
export async function hasValidSession(request: Request, check: AuthCheck): Promise<boolean> {
  const rawId = readCookie(request, SESSION_COOKIE);
  if (!rawId || check.expected === undefined) return false;
  const store = await check.sessions();
  const session = store && (await store.find(rawId));
  return session !== undefined && tokensMatch(session.tokenDigest, sha256Hex(check.expected));
}

const TOKEN_HINT = 'send it in the dapr-api-token header or as Authorization: Bearer <token>';
const LOCAL: Caller = { kind: 'local', role: 'admin', name: 'local user' };
const MACHINE_TOKEN: Caller = { kind: 'token', role: 'admin', name: 'API token' };

/**
 * Who the request acts as; throws 401 ERR_UNAUTHORIZED when it proves nobody the server accepts (a token header
 * is checked first, then, when `allowCookie`, a person's or a token session's cookie, then local mode).
 */
export async function identifyCaller(request: Request, allowCookie: boolean, check: AuthCheck = processAuthCheck()): Promise<Caller> {
  const token = presentedToken(request);
  if (token !== undefined) {
    if (check.expected !== undefined && tokensMatch(token, check.expected)) return MACHINE_TOKEN;
    const made = await (await check.apiTokens?.())?.find(token);
    if (made) return { kind: 'token', role: made.role, name: `API token '${made.name}'`, tokenId: made.id };
    // Without a configured machine token, a header that is not one of ours proves nothing and is ignored (Dapr SDKs
    // send one when their app has DAPR_API_TOKEN); one of ours that no longer works is refused.
    if (check.expected !== undefined || token.startsWith(API_TOKEN_PREFIX)) {
      throw new ApiError('ERR_UNAUTHORIZED', 'the API token is not valid (wrong, expired or revoked)', { 'WWW-Authenticate': 'Bearer' });
    }
  }
  if (allowCookie) {
    const person = await (await check.people?.())?.personOf(request.headers);
    if (person) return { kind: 'person', role: person.role, name: person.name, userId: person.userId, email: person.email, groups: person.groups };
    if (await hasValidSession(request, check)) return MACHINE_TOKEN;
  }
  if (await isLocalMode(check)) return LOCAL;
  if (check.expected === undefined && !(await (await check.people?.())?.hasAccounts())) {
    // Not on loopback, no account and no token: nobody can be trusted yet.
    throw new ApiError(
      'ERR_UNAUTHORIZED',
      'sign-in is required on a server reachable from other machines, and no account exists yet: start it with FLOWDECK_ADMIN_EMAIL and FLOWDECK_ADMIN_PASSWORD to create the first admin, or set WORKFLOW_API_TOKEN',
    );
  }
  if (check.expected === undefined) throw new ApiError('ERR_UNAUTHORIZED', allowCookie ? 'sign in first' : `an API token is required: ${TOKEN_HINT}`);
  requireToken(undefined, check.expected, TOKEN_HINT);
  return MACHINE_TOKEN;
}

/**
 * The caller, once it is known to hold at least `needed` (throws 401 for nobody, 403 ERR_FORBIDDEN naming the
 * role needed for a weaker one). Mutating requests from another site's page are refused (403) whatever they carry.
 */
export async function authenticateRequest(request: Request, allowCookie: boolean, needed: Role = 'viewer', check: AuthCheck = processAuthCheck()): Promise<Caller> {
  const caller = await identifyCaller(request, allowCookie, check);
  rememberCaller(request, caller);
  if (caller.kind !== 'token') refuseCrossSite(request);
  if (!roleAllows(caller.role, needed)) {
    throw new ApiError('ERR_FORBIDDEN', `${caller.name} has the ${caller.role} role; this needs ${needed === 'admin' ? 'the admin role' : `${needed} or above`}`);
  }
  return caller;
}

const callers = new WeakMap<Request, Caller>();

/** Remembers who `request` acts as (the route wrappers do, after the checks), for its handler. */
export function rememberCaller(request: Request, caller: Caller): void {
  callers.set(request, caller);
}

/** Who `request` was identified as (also when then refused for its role or origin); undefined when nobody was proven. */
export function knownCallerOf(request: Request): Caller | undefined {
  return callers.get(request);
}

/** Who `request` acts as, as its route wrapper found; local mode's anonymous admin when nothing was recorded. */
export function callerOf(request: Request): Caller {
  return callers.get(request) ?? LOCAL;
}

/** Throws 403 for a state-changing request a browser sent from a page of another origin (CSRF). */
export function refuseCrossSite(request: Request): void {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let crossOrigin = site === 'cross-site';
  if (origin && origin !== 'null' && host) {
    try {
      crossOrigin = new URL(origin).host !== host;
    } catch {
      crossOrigin = true;
    }
  } else if (origin === 'null') crossOrigin = true;
  if (crossOrigin) throw new ApiError('ERR_FORBIDDEN', 'this request came from a page of another site; it is refused (cross-site request forgery protection)');
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
