// Sign-in and sign-out in the audit trail: a person's sign-in as Better Auth makes its session (password and OpenID
// alike), and the calls to Better Auth's endpoints (failed sign-ins, sign-outs) through route-audit.ts.
import { rememberCaller } from '../api/auth';
import type { People } from '../auth/people';
import type { DbClient } from '../db/client';
import { recordAudit } from './audit-log';
import { auditedCall, segmentsAfter } from './route-audit';
import { signInCallAudit } from './route-actions';

/** The session Better Auth made (the fields read here). */
interface MadeSession {
  userId: string;
  ipAddress?: string | null;
}

/** Records `auth.sign-in` for the person a new session belongs to (Better Auth's session.create.after hook). */
export async function recordSessionSignIn(prisma: DbClient, session: MadeSession): Promise<void> {
  const user = await prisma.authUser.findUnique({ where: { id: session.userId }, select: { name: true, email: true } }).catch(() => null);
  await recordAudit({
    action: 'auth.sign-in',
    actor: { kind: 'person', name: user?.name ?? session.userId, userId: session.userId },
    address: session.ipAddress || undefined,
    outcome: 'ok',
    details: user ? { email: user.email } : undefined,
  });
}

/**
 * Answers a call to Better Auth's endpoints through `handle`, recording failed sign-ins and sign-outs; the person
 * signing out is found first (their session is gone after).
 */
export async function auditedAuthCall(request: Request, people: People | undefined, handle: () => Promise<Response>): Promise<Response> {
  const segments = segmentsAfter(new URL(request.url).pathname, 2);
  if (request.method === 'POST' && segments.join('/') === 'auth/sign-out') {
    const person = await people?.personOf(request.headers).catch(() => undefined);
    if (person) rememberCaller(request, { kind: 'person', role: person.role, name: person.name, userId: person.userId, email: person.email, groups: person.groups });
  }
  return auditedCall(request, segments, signInCallAudit, handle);
}
