// The four roles, each including the one before it: viewer < approver < operator < admin.

/** Every role, weakest first. */
export const ROLES = ['viewer', 'approver', 'operator', 'admin'] as const;

/** What a signed-in person or a token may do: read (viewer), decide approvals (approver), act on instances (operator), administer (admin). */
export type Role = (typeof ROLES)[number];

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` includes everything `needed` may do. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The role a request method needs when its route says nothing else: reading is a viewer's, changing an operator's. */
export function defaultRoleFor(method: string): Role {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'viewer' : 'operator';
}

/**
 * Flowdeck's role for an OpenID provider's groups: FLOWDECK_OIDC_ROLE_MAP ("group=role,group=role"; default:
 * groups named like a role give that role) picks the strongest role any group maps to; none maps: `fallback`.
 */
export function roleFromGroups(groups: readonly string[], map: string | undefined, fallback: Role): Role {
  const pairs = (map ?? '')
    .split(',')
    .map((pair) => pair.split('=').map((part) => part.trim()))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '' && isRole(pair[1]));
  const table = new Map<string, Role>(pairs.length ? (pairs as [string, Role][]) : ROLES.map((role) => [role, role]));
  let best: Role | undefined;
  for (const group of groups) {
    const role = table.get(group);
    if (role && (!best || roleAllows(role, best))) best = role;
  }
  return best ?? fallback;
}
