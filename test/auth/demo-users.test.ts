// The demo accounts of local mode on real SQLite and PostgreSQL: an admin, an operator, an approver in "approvers"
// and a viewer, each signing in with its generated password; refused (403, nothing made) outside local mode.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { rememberCaller } from '@/lib/api/auth';
import type { ApiContext } from '@/lib/api/context';
import { ApiError } from '@/lib/api/errors';
import { createDemoUsersHandler } from '@/lib/api/user-handlers';
import { createAccounts, type Accounts } from '@/lib/auth/accounts';
import { createAuth, type FlowdeckAuth } from '@/lib/auth/better-auth';
import { createPeople, type People } from '@/lib/auth/people';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const ORIGIN = 'http://127.0.0.1:3998';

describe.each(availableDatabases())('demo users on %s', (kind) => {
  let db: TestDatabase;
  let auth: FlowdeckAuth;
  let people: People;
  let accounts: Accounts;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
    auth = await createAuth(db.prisma, kind, {} as NodeJS.ProcessEnv);
    people = createPeople(auth, db.prisma);
    accounts = createAccounts(auth, db.prisma, people);
  });
  afterEach(async () => {
    await db.dispose();
  });

  const demoRequest = () => new Request(`${ORIGIN}/api/users/demo`, { method: 'POST', headers: { origin: ORIGIN } });
  const ctx = () => ({ accounts }) as unknown as ApiContext;

  test('in local mode: four accounts with generated passwords that sign in, the approver in group approvers', async () => {
    const request = demoRequest();
    rememberCaller(request, { kind: 'local', role: 'admin', name: 'local user' });
    const response = await createDemoUsersHandler(request, {}, ctx());
    expect(response.status).toBe(201);
    const { users } = (await response.json()) as { users: { email: string; role: string; groups: string[]; password: string }[] };
    expect(users.map((u) => [u.role, u.groups])).toEqual([['admin', []], ['operator', []], ['approver', ['approvers']], ['viewer', []]]);
    expect(new Set(users.map((u) => u.password)).size).toBe(4);
    for (const user of users) expect(user.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect((await accounts.list()).map((a) => a.role)).toEqual(['admin', 'operator', 'approver', 'viewer']);
    expect((await db.prisma.authUser.findUniqueOrThrow({ where: { email: users[2].email } })).groups).toBe('["approvers"]');
    expect(await people.hasAccounts()).toBe(true);
    for (const user of users) {
      const signIn = await auth.handler(
        new Request(`${ORIGIN}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ email: user.email, password: user.password }) }),
      );
      expect(signIn.status, `sign-in of ${user.email}`).toBe(200);
    }
    expect(JSON.stringify(await db.prisma.authAccount.findMany())).not.toContain(users[0].password);
  });

  test('outside local mode it is 403 saying why, and makes nothing', async () => {
    const request = demoRequest();
    rememberCaller(request, { kind: 'person', role: 'admin', name: 'Ada' });
    const refused = await createDemoUsersHandler(request, {}, ctx()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect([(refused as ApiError).status, (refused as ApiError).message]).toEqual([403, expect.stringContaining('only in local mode')]);
    expect(await db.prisma.authUser.count()).toBe(0);
  });
});
