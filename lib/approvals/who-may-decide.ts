// Who may decide a request: operators and admins any; approvers the requests assigned to them, their groups or nobody.
import { roleAllows, type Role } from '../auth/roles';
import { isUnassigned, type Assignees } from './approval-request';

/** The deciding caller as this rule needs it (a Caller of lib/api/auth.ts fits). */
export interface Decider {
  role: Role;
  name: string;
  userId?: string;
  email?: string;
  groups?: string[];
}

/** True when the request is assigned to the caller: by email or user ID, by one of its groups, or to nobody. */
export function isAssignedTo(assignees: Assignees, caller: Omit<Decider, 'role' | 'name'>): boolean {
  if (isUnassigned(assignees)) return true;
  const ids = [caller.email?.toLowerCase(), caller.userId].filter((v): v is string => !!v);
  if (assignees.users.some((u) => ids.includes(u.toLowerCase()) || ids.includes(u))) return true;
  const groups = new Set((caller.groups ?? []).map((g) => g.toLowerCase()));
  return assignees.groups.some((g) => groups.has(g.toLowerCase()));
}

/** Undefined when `caller` may decide a request with these assignees; otherwise why not, in a sentence. */
export function decisionRefusal(assignees: Assignees, caller: Decider): string | undefined {
  if (roleAllows(caller.role, 'operator')) return undefined;
  if (!roleAllows(caller.role, 'approver')) return `deciding an approval needs the approver role; ${caller.name} is a ${caller.role}`;
  if (isAssignedTo(assignees, caller)) return undefined;
  return `this request is assigned to ${describeAssignees(assignees)}, and ${caller.name} is none of them (an operator may decide it)`;
}

/** "group approvers, ada@example.com" — the assignees in words. */
export function describeAssignees(assignees: Assignees): string {
  if (isUnassigned(assignees)) return 'every approver';
  const groups = assignees.groups.map((g) => `group ${g}`);
  return [...groups, ...assignees.users].join(', ');
}
