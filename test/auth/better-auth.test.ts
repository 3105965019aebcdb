// Password sign-in through Better Auth on real SQLite and PostgreSQL: the first admin from the environment, the
// session cookie, the session stored hashed, wrong passwords limited, sign-out ending the session.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createAuth, type FlowdeckAuth } from '@/lib/auth/better-auth';
import { ensureFirstAdmin } from '@/lib/auth/first-admin';
import { createPeople, type People } from '@/lib/auth/people';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const ORIGIN = 'http://127.0.0.1:3999';
const ENV = { FLOWDECK_ADMIN_EMAIL: 'Ada@Example.com', FLOWDECK_ADMIN_PASSWORD: 'correct horse', FLOWDECK_ADMIN_NAME: 'Ada' } as unknown as NodeJS.ProcessEnv;

function signIn(auth: FlowdeckAuth, email: string, password: string, from = '10.0.0.1'): Promise<Response> {
  return auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': from },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The Cookie header that sends back what a response set. */
function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe.each(availableDatabases())('people sign in on %s', (kind) => {
  let db: TestDatabase;
  let auth: FlowdeckAuth;
  let people: People;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
    auth = await createAuth(db.prisma, kind, { ...ENV });
    people = createPeople(auth, db.prisma);
  });
  afterEach(async () => {
    await db.dispose();
  });

  test('the environment creates the first admin once; a password sign-in gives a cookie that names the person and role', async () => {
    expect(await people.hasAccounts()).toBe(false);
    expect(await ensureFirstAdmin(auth, db.prisma, people, ENV)).toBe('created');
    expect(await ensureFirstAdmin(auth, db.prisma, people, { ...ENV, FLOWDECK_ADMIN_PASSWORD: 'another one' })).toBe('exists');
    expect(await people.hasAccounts()).toBe(true);
    const account = await db.prisma.authAccount.findFirstOrThrow();
    expect(account.password).toBeTruthy();
    expect(account.password).not.toContain('correct horse');

    const response = await signIn(auth, 'ada@example.com', 'correct horse');
    expect(response.status).toBe(200);
    const cookie = cookieOf(response);
    expect(cookie).toMatch(/flowdeck\.session_token=/);
    expect(response.headers.getSetCookie().join()).toMatch(/HttpOnly/i);
    const person = await people.personOf(new Headers({ cookie }));
    expect(person).toMatchObject({ name: 'Ada', email: 'ada@example.com', role: 'admin' });
  });

  test('the session table holds only a hash of the token the cookie carries', async () => {
    await ensureFirstAdmin(auth, db.prisma, people, ENV);
    const cookie = cookieOf(await signIn(auth, 'ada@example.com', 'correct horse'));
    const token = decodeURIComponent(/flowdeck\.session_token=([^;]+)/.exec(cookie)![1]).split('.')[0];
    const rows = await db.prisma.authSession.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].token).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rows[0].token).not.toContain(token);
    // A stolen row is not a cookie: the stored value does not sign anybody in.
    expect(await people.personOf(new Headers({ cookie: `flowdeck.session_token=${encodeURIComponent(rows[0].token)}` }))).toBeUndefined();
  });

  test('a wrong password is 401; the 11th failure from one address in a minute is 429; another address goes on', async () => {
    await ensureFirstAdmin(auth, db.prisma, people, ENV);
    // Better Auth keeps its counts in memory per process: each run gets an address of its own.
    const from = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 10; i++) expect((await signIn(auth, 'ada@example.com', `wrong ${i}`, from)).status).toBe(401);
    const limited = await signIn(auth, 'ada@example.com', 'correct horse', from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('x-retry-after') ?? limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn(auth, 'ada@example.com', 'correct horse', '10.0.0.10')).status).toBe(200);
  });

  test('sign-out deletes the session: the same cookie no longer names anybody', async () => {
    await ensureFirstAdmin(auth, db.prisma, people, ENV);
    const cookie = cookieOf(await signIn(auth, 'ada@example.com', 'correct horse'));
    const out = await auth.handler(new Request(`${ORIGIN}/api/auth/sign-out`, { method: 'POST', headers: { cookie, origin: ORIGIN } }));
    expect(out.status).toBe(200);
    expect(await db.prisma.authSession.count()).toBe(0);
    // The signed cookie cache lasts 5 s at most; without it the session is looked up and not found.
    const withoutCache = cookie.split('; ').filter((c) => c.startsWith('flowdeck.session_token=')).join('; ');
    expect(await people.personOf(new Headers({ cookie: withoutCache }))).toBeUndefined();
  });
});
