// Accounts as an admin manages them: list, create (email + password, a role), change a role, remove. The first
// account is always an admin, and the last admin can be neither demoted nor removed, so that somebody can always
// administer.
import type { DbClient } from '../db/client';
import type { FlowdeckAuth } from './better-auth';
import { parseGroups, type People } from './people';
import { isRole, type Role } from './roles';

/** One account as the Users page shows it. */
export interface AccountView {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** How the person signs in: 'password' and/or the OpenID provider's ID. */
  signIn: string[];
  /** The groups approval requests may be assigned to. */
  groups: string[];
  createdAt: string;
}

/** What POST /api/users creates. */
export interface NewAccount {
  email: string;
  name: string;
  password: string;
  role: Role;
  /** Groups approvals may be assigned to (otherwise an OpenID provider's groups claim sets them). */
  groups?: string[];
}

/** Why an account change was refused (the API answers 409 with the message). */
export class AccountConflictError extends Error {
  override readonly name = 'AccountConflictError';
}

/** Account administration on the app's database. */
export interface Accounts {
  list(): Promise<AccountView[]>;
  create(account: NewAccount): Promise<AccountView>;
  setRole(id: string, role: Role): Promise<AccountView | undefined>;
  remove(id: string): Promise<boolean>;
}

type UserRow = { id: string; name: string; email: string; role: string | null; groups?: string | null; createdAt: Date; accounts: { providerId: string }[] };

function view(row: UserRow): AccountView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: isRole(row.role) ? row.role : 'viewer',
    signIn: [...new Set(row.accounts.map((a) => (a.providerId === 'credential' ? 'password' : a.providerId)))],
    groups: parseGroups(row.groups),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Accounts through Better Auth (which hashes passwords) and Prisma. */
export function createAccounts(auth: FlowdeckAuth, prisma: DbClient, people: People): Accounts {
  const include = { accounts: { select: { providerId: true } } } as const;
  const lastAdmin = async (id: string) => {
    const row = await prisma.authUser.findUnique({ where: { id } });
    return row?.role === 'admin' && (await prisma.authUser.count({ where: { role: 'admin' } })) === 1;
  };
  return {
    async list() {
      return (await prisma.authUser.findMany({ include, orderBy: { createdAt: 'asc' } })).map(view);
    },
    async create(account) {
      const email = account.email.trim().toLowerCase();
      if (await prisma.authUser.findUnique({ where: { email } })) throw new AccountConflictError(`an account with the email ${email} exists already`);
      const role = (await prisma.authUser.count()) === 0 ? 'admin' : account.role;
      await auth.api.createUser({ body: { email, name: account.name.trim(), password: account.password, role } });
      if (account.groups?.length) await prisma.authUser.update({ where: { email }, data: { groups: JSON.stringify(account.groups) } });
      people.accountsChanged();
      return view((await prisma.authUser.findUniqueOrThrow({ where: { email }, include })) as UserRow);
    },
    async setRole(id, role) {
      if (!(await prisma.authUser.findUnique({ where: { id } }))) return undefined;
      if (role !== 'admin' && (await lastAdmin(id))) throw new AccountConflictError('this is the last admin: make another account admin first');
      return view((await prisma.authUser.update({ where: { id }, data: { role, updatedAt: new Date() }, include })) as UserRow);
    },
    async remove(id) {
      if (!(await prisma.authUser.findUnique({ where: { id } }))) return false;
      if (await lastAdmin(id)) throw new AccountConflictError('this is the last admin: make another account admin first');
      await prisma.authUser.delete({ where: { id } });
      people.accountsChanged();
      return true;
    },
  };
}
