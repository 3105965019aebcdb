// The OpenID Connect sign-in, from the environment: FLOWDECK_OIDC_ISSUER, FLOWDECK_OIDC_CLIENT_ID,
// FLOWDECK_OIDC_CLIENT_SECRET, optionally FLOWDECK_OIDC_NAME (the button's label), FLOWDECK_OIDC_SCOPES,
// FLOWDECK_OIDC_GROUPS_CLAIM (default "groups") and FLOWDECK_OIDC_ROLE_MAP (lib/auth/roles.ts).

/** The provider ID Better Auth's generic OAuth plugin knows the OpenID provider by (in callback URLs). */
export const OIDC_PROVIDER_ID = 'oidc';

/** How to sign in with the configured OpenID provider. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the sign-in button says ("Sign in with <name>"). */
  name: string;
  scopes: string[];
  groupsClaim: string;
  roleMap: string | undefined;
}

/** The configured OpenID provider, undefined when none is; throws naming what is missing when half-configured. */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OidcConfig | undefined {
  const issuer = env.FLOWDECK_OIDC_ISSUER?.trim();
  const clientId = env.FLOWDECK_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.FLOWDECK_OIDC_CLIENT_SECRET?.trim();
  if (!issuer && !clientId && !clientSecret) return undefined;
  const missing = [!issuer && 'FLOWDECK_OIDC_ISSUER', !clientId && 'FLOWDECK_OIDC_CLIENT_ID', !clientSecret && 'FLOWDECK_OIDC_CLIENT_SECRET'].filter(Boolean);
  if (missing.length) throw new Error(`OpenID Connect sign-in needs ${missing.join(', ')} as well`);
  return {
    issuer: issuer!.replace(/\/+$/, ''),
    clientId: clientId!,
    clientSecret: clientSecret!,
    name: env.FLOWDECK_OIDC_NAME?.trim() || 'single sign-on',
    scopes: (env.FLOWDECK_OIDC_SCOPES?.trim() || 'openid profile email groups').split(/[\s,]+/).filter(Boolean),
    groupsClaim: env.FLOWDECK_OIDC_GROUPS_CLAIM?.trim() || 'groups',
    roleMap: env.FLOWDECK_OIDC_ROLE_MAP,
  };
}

/** The groups an OpenID profile's claim lists (an array of strings, or one string). */
export function groupsOf(profile: Record<string, unknown>, claim: string): string[] {
  const value = profile[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value ? [value] : [];
}
