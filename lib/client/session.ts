// Who the dashboard is signed in as (GET /api/session), and what that role may do, for the controls to follow.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionStatus } from '@/lib/api/system-handlers';
import { roleAllows, type Role } from '@/lib/auth/roles';
import { fetchJson, postJson } from './fetch-json';

/** The query of GET /api/session. */
export function sessionQuery() {
  return queryOptions({
    queryKey: ['session'] as const,
    queryFn: ({ signal }) => fetchJson<SessionStatus>('/api/session', { signal }),
    staleTime: 30_000,
  });
}

/** What the signed-in caller may do: `allows(role)`, and why not when it may not. */
export interface Permissions {
  session: SessionStatus | undefined;
  allows(role: Role): boolean;
  /** The sentence a disabled control shows as its reason, e.g. "Needs the operator role (you are a viewer)". */
  whyNot(role: Role): string | undefined;
}

/** The session and the permissions of its role (everything allowed while it loads: the server decides anyway). */
export function usePermissions(): Permissions {
  const { data } = useQuery(sessionQuery());
  const role = data?.caller?.role;
  const allows = (needed: Role) => role === undefined || roleAllows(role, needed);
  return {
    session: data,
    allows,
    whyNot: (needed) => (allows(needed) ? undefined : `Needs the ${needed} role (you are ${role === 'admin' || role === 'approver' || role === 'operator' ? 'an' : 'a'} ${role})`),
  };
}

/** Ends every kind of session this browser holds (a person's and a token's). */
export async function signOut(): Promise<void> {
  await Promise.allSettled([postJson('/api/auth/sign-out', {}), fetchJson('/api/session', { method: 'DELETE' })]);
}
