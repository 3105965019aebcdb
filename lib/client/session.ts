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
  /** The sentence a disabled control shows as its reason, e.g. "Operators only: you are a viewer". */
  whyNot(role: Role): string | undefined;
  /**
   * Why the caller may not raise `eventName` on an instance waiting for `awaited` ('' for an event it did not name),
   * as the server decides it (lib/api/action-roles.ts): approvers raise only an awaited event, operators any.
   */
  whyNotRaise(awaited: readonly string[], eventName?: string): string | undefined;
}

const ROLE_PLURAL: Record<Role, string> = { viewer: 'Viewers', approver: 'Approvers', operator: 'Operators', admin: 'Admins' };

/** "a viewer", "an approver", ... */
function withArticle(role: Role): string {
  return `${role === 'viewer' ? 'a' : 'an'} ${role}`;
}

/** The reason a control needing `needed` is refused to `role`: "Operators only: you are a viewer". */
export function roleReason(needed: Role, role: Role): string {
  return `${ROLE_PLURAL[needed]} only: you are ${withArticle(role)}`;
}

/** The reason `role` may not raise `eventName` on an instance waiting for `awaited`, or undefined when it may. */
export function raiseReason(role: Role, awaited: readonly string[], eventName?: string): string | undefined {
  if (roleAllows(role, 'operator')) return undefined;
  if (!roleAllows(role, 'approver')) return roleReason('operator', role);
  if (awaited.includes('') || (eventName === undefined ? awaited.length > 0 : awaited.includes(eventName))) return undefined;
  const named = awaited.filter((name) => name !== '');
  return named.length
    ? `Approvers may raise only an event the instance waits for (${named.join(', ')}); operators raise any`
    : 'Approvers may raise only an event the instance waits for, and it waits for none; operators raise any';
}

/** The session and the permissions of its role (everything allowed while it loads: the server decides anyway). */
export function usePermissions(): Permissions {
  const { data } = useQuery(sessionQuery());
  const role = data?.caller?.role;
  const allows = (needed: Role) => role === undefined || roleAllows(role, needed);
  return {
    session: data,
    allows,
    whyNot: (needed) => (role === undefined || allows(needed) ? undefined : roleReason(needed, role)),
    whyNotRaise: (awaited, eventName) => (role === undefined ? undefined : raiseReason(role, awaited, eventName)),
  };
}

/** Ends every kind of session this browser holds (a person's and a token's). */
export async function signOut(): Promise<void> {
  await Promise.allSettled([postJson('/api/auth/sign-out', {}), fetchJson('/api/session', { method: 'DELETE' })]);
}
