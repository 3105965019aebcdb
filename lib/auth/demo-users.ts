// The demo set of accounts for local mode (issue 14 item 9): an admin, an operator, an approver in group "approvers"
// and a viewer, each with a generated password shown once, so a person can sign in as each role in turn.
import { randomBytes } from 'node:crypto';
import type { Accounts } from './accounts';
import type { Role } from './roles';

/** One demo account as made: the password is returned only here (Better Auth keeps its hash). */
export interface DemoUser {
  name: string;
  email: string;
  role: Role;
  groups: string[];
  password: string;
}

/** The demo accounts, the admin first (the first account is always an admin, and its password lets you back in). */
const DEMO_SET: readonly Omit<DemoUser, 'password'>[] = [
  { name: 'Demo Admin', email: 'admin@demo.flowdeck.local', role: 'admin', groups: [] },
  { name: 'Demo Operator', email: 'operator@demo.flowdeck.local', role: 'operator', groups: [] },
  { name: 'Demo Approver', email: 'approver@demo.flowdeck.local', role: 'approver', groups: ['approvers'] },
  { name: 'Demo Viewer', email: 'viewer@demo.flowdeck.local', role: 'viewer', groups: [] },
];

/** A password of 16 random URL-safe characters (96 bits). */
function generatedPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Creates the demo accounts with fresh passwords (and the approver's group) and returns them with the passwords. */
export async function createDemoUsers(accounts: Accounts): Promise<DemoUser[]> {
  const made: DemoUser[] = [];
  for (const demo of DEMO_SET) {
    const password = generatedPassword();
    await accounts.create({ ...demo, password });
    made.push({ ...demo, password });
  }
  return made;
}
