// People who sign in, as the API's access checks see them: whether any account exists yet, and who a request's
// Better Auth session cookie belongs to.
import type { DbClient } from '../db/client';
import type { FlowdeckAuth } from './better-auth';
import { isRole, type Role } from './roles';

/** A signed-in person. */
export interface Person {
  userId: string;
  name: string;
  email: string;
  role: Role;
  groups: string[];
}

/** What the access checks ask about people. */
export interface People {
  /** True once any account exists (then nobody is admin without signing in). */
  hasAccounts(): Promise<boolean>;
  /** The person whose live session the request's cookie holds, or undefined. */
  personOf(headers: Headers): Promise<Person | undefined>;
  /** Forgets the cached account count (after an account was made or removed). */
  accountsChanged(): void;
}

/** How long "an account exists" is trusted without counting again (a new account elsewhere ends local mode within it). */
const COUNT_CACHE_MS = 2_000;

/** People on the app's database through its Better Auth instance. */
export function createPeople(auth: FlowdeckAuth, prisma: DbClient): People {
  let known: { exists: boolean; until: number } | undefined;
  return {
    async hasAccounts() {
      if (known?.exists || (known && known.until > Date.now())) return known.exists;
      const exists = (await prisma.authUser.count({ take: 1 })) > 0;
      known = { exists, until: Date.now() + COUNT_CACHE_MS };
      return exists;
    },
    async personOf(headers) {
      if (!/(^|;\s*)(__Secure-)?flowdeck\.session_token=/.test(headers.get('cookie') ?? '')) return undefined;
      const found = await auth.api.getSession({ headers });
      if (!found) return undefined;
      const user = found.user as typeof found.user & { role?: string | null; groups?: string | null; banned?: boolean | null };
      if (user.banned) return undefined;
      return { userId: user.id, name: user.name, email: user.email, role: isRole(user.role) ? user.role : 'viewer', groups: parseGroups(user.groups) };
    },
    accountsChanged() {
      known = undefined;
    },
  };
}

/** The groups an AuthUser row keeps (a JSON array; anything else is none). */
export function parseGroups(raw: string | null | undefined): string[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}
