// Sign-in for people: Better Auth with email + password accounts and, when configured, one OpenID Connect
// provider (Keycloak, Entra ID, Okta, Google, ... by their discovery document), on the app's own database.
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { admin, genericOAuth } from 'better-auth/plugins';
import { adminAc, defaultAc } from 'better-auth/plugins/admin/access';
import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import { hashedSessionTokens } from './hashed-session-tokens';
import { groupsOf, OIDC_PROVIDER_ID, oidcConfigFromEnv, type OidcConfig } from './oidc-config';
import { roleFromGroups } from './roles';
import { sessionLifetimeMs } from './session-store';
import { signingSecret } from './signing-secret';
import { recordSessionSignIn } from '../audit/sign-in-audit';

/** The path Better Auth's endpoints live under (app/api/auth/[...all]/route.ts). */
export const AUTH_BASE_PATH = '/api/auth';

/** Failed password sign-ins allowed per client address and minute before 429 (issue 12 item 6, issue 14 item 4). */
const SIGN_IN_ATTEMPTS_PER_MINUTE = signInLimitFromEnv();

/** FLOWDECK_SIGN_IN_LIMIT (password sign-ins a minute per address, default 10; test servers whose clients share one address raise it). */
function signInLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const limit = Number(env.FLOWDECK_SIGN_IN_LIMIT);
  return Number.isInteger(limit) && limit >= 1 ? limit : 10;
}

/** Roles for Better Auth's admin endpoints: only admins manage users; the other roles manage nobody. */
const accessControl = {
  roles: { admin: adminAc, operator: defaultAc.newRole({}), approver: defaultAc.newRole({}), viewer: defaultAc.newRole({}) },
};

/**
 * The groups each OpenID sign-in in progress brought, by email, from the profile (mapProfileToUser) to the session
 * that sign-in creates (databaseHooks.session.create), which writes the role and groups on the user. Better Auth
 * drops fields it does not let users set (role, groups) from mapped profiles, so they cannot be mapped directly.
 */
type PendingGroups = Map<string, { groups: string[]; at: number }>;

/** How long a sign-in's groups wait for its session (the callback creates it at once). */
const PENDING_GROUPS_MS = 60_000;

function oidcPlugin(oidc: OidcConfig, pending: PendingGroups) {
  return genericOAuth({
    config: [
      {
        providerId: OIDC_PROVIDER_ID,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
        scopes: oidc.scopes,
        pkce: true,
        // The provider is authoritative: name, email, groups and so the role are refreshed at each sign-in.
        overrideUserInfo: true,
        mapProfileToUser: (profile) => {
          const claims = profile as Record<string, unknown>;
          if (typeof claims.email === 'string') pending.set(claims.email.toLowerCase(), { groups: groupsOf(claims, oidc.groupsClaim), at: Date.now() });
          return {};
        },
      },
    ],
  });
}

/**
 * The origins Better Auth accepts sign-in requests from: the site the request was sent to (its Host, as a proxy
 * forwarded it) and FLOWDECK_PUBLIC_URL. Without a configured base URL Better Auth would trust only the origin it
 * derives from the request URL, which behind Next.js names the bound address rather than the Host the browser used.
 */
function sameSiteOrigins(env: NodeJS.ProcessEnv) {
  return (request?: Request) => {
    const origins = [env.FLOWDECK_PUBLIC_URL];
    const host = request?.headers.get('x-forwarded-host') ?? request?.headers.get('host');
    if (request && host) origins.push(`${request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '')}://${host}`);
    return origins;
  };
}

/** Creates the Better Auth instance of a process on its database. */
export async function createAuth(prisma: DbClient, dialect: Dialect, env: NodeJS.ProcessEnv = process.env) {
  const oidc = oidcConfigFromEnv(env);
  const pending: PendingGroups = new Map();
  /** The role and groups an OpenID sign-in in progress brought for `email` (taken: each is used once). */
  const takePending = (email: string) => {
    for (const [key, value] of pending) if (Date.now() - value.at > PENDING_GROUPS_MS) pending.delete(key);
    const entry = oidc && pending.get(email.toLowerCase());
    if (!entry) return undefined;
    pending.delete(email.toLowerCase());
    return { role: roleFromGroups(entry.groups, oidc.roleMap, 'viewer'), groups: JSON.stringify(entry.groups) };
  };
  /** A returning person's sign-in: their role and groups are refreshed as the session is created. */
  const applyPendingGroups = async (userId: string) => {
    if (pending.size === 0) return;
    const user = await prisma.authUser.findUnique({ where: { id: userId } });
    const fresh = user && takePending(user.email);
    if (fresh) await prisma.authUser.update({ where: { id: userId }, data: { ...fresh, updatedAt: new Date() } });
  };
  const lifetimeSeconds = Math.floor(sessionLifetimeMs(env) / 1000);
  return betterAuth({
    appName: 'Flowdeck',
    // Its warnings (a missing base URL: FLOWDECK_PUBLIC_URL) would print at every start of a local install.
    logger: { level: 'error' },
    secret: await signingSecret(prisma, env),
    // Callback URLs (the OpenID provider's redirect) are built on FLOWDECK_PUBLIC_URL when set, else on the Host
    // the browser used (the provider accepts only the redirect URIs registered with it). The fallback serves the
    // server's own calls, which have no request (creating accounts).
    baseURL: env.FLOWDECK_PUBLIC_URL || { allowedHosts: ['*'], protocol: 'auto', fallback: 'http://localhost' },
    basePath: AUTH_BASE_PATH,
    trustedOrigins: sameSiteOrigins(env),
    database: hashedSessionTokens(prismaAdapter(prisma, { provider: dialect })),
    user: { modelName: 'authUser', additionalFields: { groups: { type: 'string', required: false, input: false } } },
    session: { modelName: 'authSession', expiresIn: lifetimeSeconds, cookieCache: { enabled: true, maxAge: 5 } },
    account: { modelName: 'authAccount' },
    verification: { modelName: 'authVerification', storeIdentifier: 'hashed' },
    // Accounts are made by an admin (or FLOWDECK_ADMIN_EMAIL at start, or the first one in local mode), never by sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE }, '/sign-in/social': { window: 60, max: 30 } },
    },
    advanced: {
      cookiePrefix: 'flowdeck',
      // scripts/serve.mjs sets X-Forwarded-For from the socket (or keeps a trusted proxy's).
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    databaseHooks: {
      // A new person's first sign-in: the role and groups go in with the account.
      user: { create: { before: async (user) => ({ data: { ...user, ...(typeof user.email === 'string' ? takePending(user.email) : undefined) } }) } },
      session: { create: { before: async (session) => void (await applyPendingGroups(session.userId)), after: async (session) => recordSessionSignIn(prisma, session) } },
      account: {
        // The provider's tokens are not needed after sign-in: never keep them.
        create: { before: async (account) => ({ data: { ...account, accessToken: null, refreshToken: null, idToken: null } }) },
        update: { before: async (account) => ({ data: { ...account, accessToken: null, refreshToken: null, idToken: null } }) },
      },
    },
    plugins: [admin({ defaultRole: 'viewer', adminRoles: ['admin'], ...accessControl }), ...(oidc ? [oidcPlugin(oidc, pending)] : [])],
  });
}

/** The Better Auth instance type of this app. */
export type FlowdeckAuth = Awaited<ReturnType<typeof createAuth>>;
