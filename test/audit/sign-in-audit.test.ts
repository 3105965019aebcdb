// Sign-in and sign-out in the audit trail on real SQLite and PostgreSQL, through Better Auth as the /api/auth route
// serves it: a password sign-in is auth.sign-in by the person from their address, a wrong password is
// auth.sign-in-failed named by the email tried, and a sign-out is auth.sign-out by the person who was signed in.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { keepAuditLogIn } from '@/lib/audit/audit-log';
import { createAuditLog, type AuditLog } from '@/lib/audit/prisma-audit-log';
import { auditedAuthCall } from '@/lib/audit/sign-in-audit';
import { createAuth, type FlowdeckAuth } from '@/lib/auth/better-auth';
import { ensureFirstAdmin } from '@/lib/auth/first-admin';
import { createPeople, type People } from '@/lib/auth/people';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const ORIGIN = 'http://127.0.0.1:3999';
const ENV = { FLOWDECK_ADMIN_EMAIL: 'ada@example.com', FLOWDECK_ADMIN_PASSWORD: 'correct horse', FLOWDECK_ADMIN_NAME: 'Ada' } as unknown as NodeJS.ProcessEnv;

describe.each(availableDatabases())('sign-ins in the audit trail on %s', (kind) => {
  let db: TestDatabase;
  let auth: FlowdeckAuth;
  let people: People;
  let audit: AuditLog;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
    auth = await createAuth(db.prisma, kind, { ...ENV });
    people = createPeople(auth, db.prisma);
    await ensureFirstAdmin(auth, db.prisma, people, ENV);
    audit = createAuditLog(db.prisma);
    keepAuditLogIn(audit);
  });
  afterEach(async () => {
    keepAuditLogIn(undefined);
    await db.dispose();
  });

  const post = (path: string, body: unknown, cookie?: string) => {
    const request = new Request(`${ORIGIN}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': '10.0.0.7', ...(cookie && { cookie }) },
      body: JSON.stringify(body),
    });
    return auditedAuthCall(request, people, () => auth.handler(request));
  };

  test('a sign-in, a failed sign-in and a sign-out are recorded with who and from where', async () => {
    expect((await post('sign-in/email', { email: 'ada@example.com', password: 'wrong' })).status).toBe(401);
    const signedIn = await post('sign-in/email', { email: 'ada@example.com', password: 'correct horse' });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect((await post('sign-out', {}, cookie)).status).toBe(200);
    const { entries } = await audit.list({ action: 'auth.*' }, { page: 1, pageSize: 10 });
    const adaId = (await db.prisma.authUser.findFirstOrThrow()).id;
    expect(entries.map((e) => [e.action, e.actorKind, e.actorName, e.outcome, e.address])).toEqual([
      ['auth.sign-out', 'person', 'Ada', 'ok', '10.0.0.7'],
      ['auth.sign-in', 'person', 'Ada', 'ok', '10.0.0.7'],
      ['auth.sign-in-failed', 'anonymous', 'ada@example.com', 'refused', '10.0.0.7'],
    ]);
    expect(entries[1].actorId).toBe(adaId);
    expect(entries[2]).toMatchObject({ status: 401, details: { method: 'password' } });
  });
});
