// Better Auth keeps a session's token as it is in its session table; this wrapper around its database adapter
// stores "sha256:" + the token's SHA-256 instead, so the table holds no usable credential. Better Auth has no
// option for it (1.7), hence the wrapper: every session token going in (created, updated, looked up) is hashed,
// and the raw token is put back in what comes out wherever the caller gave it.
import type { BetterAuthOptions } from 'better-auth';
import type { DBAdapter, Where } from '@better-auth/core/db/adapter';
import { sha256Hex } from './session-store';

const PREFIX = 'sha256:';

/** What is stored for a session token (a stored value passes through unchanged). */
export function storedSessionToken(token: string): string {
  return token.startsWith(PREFIX) ? token : `${PREFIX}${sha256Hex(token)}`;
}

const isSession = (model: string) => model === 'session' || model === 'authSession';

function hashWhere(model: string, where: Where[] | undefined): Where[] | undefined {
  if (!where || !isSession(model)) return where;
  return where.map((clause) => {
    if (clause.field !== 'token') return clause;
    if (typeof clause.value === 'string') return { ...clause, value: storedSessionToken(clause.value) };
    if (Array.isArray(clause.value)) return { ...clause, value: (clause.value as string[]).map((v) => storedSessionToken(String(v))) };
    return clause;
  });
}

/** The raw token a where clause looked a session up by (eq on token), if any. */
function rawTokenOf(model: string, where: Where[] | undefined): string | undefined {
  if (!isSession(model)) return undefined;
  const clause = where?.find((c) => c.field === 'token' && (c.operator ?? 'eq') === 'eq' && typeof c.value === 'string');
  return clause && !String(clause.value).startsWith(PREFIX) ? String(clause.value) : undefined;
}

function restore<T>(row: T, raw: string | undefined): T {
  if (!raw || !row || typeof row !== 'object' || !('token' in row)) return row;
  return { ...row, token: raw };
}

function hashUpdate(model: string, update: Record<string, unknown>): Record<string, unknown> {
  return isSession(model) && typeof update.token === 'string' ? { ...update, token: storedSessionToken(update.token) } : update;
}

/** Wraps a Better Auth adapter factory so that session tokens are stored hashed. */
export function hashedSessionTokens(factory: (options: BetterAuthOptions) => DBAdapter<BetterAuthOptions>): (options: BetterAuthOptions) => DBAdapter<BetterAuthOptions> {
  return (options) => {
    const inner = factory(options);
    const wrapped: DBAdapter<BetterAuthOptions> = {
      ...inner,
      create: async <T extends Record<string, unknown>, R = T>(data: Parameters<typeof inner.create<T, R>>[0]): Promise<R> => {
        const raw = isSession(data.model) ? (data.data as { token?: unknown }).token : undefined;
        const row = await inner.create<T, R>({ ...data, data: hashUpdate(data.model, data.data as Record<string, unknown>) as typeof data.data });
        return restore(row, typeof raw === 'string' ? raw : undefined);
      },
      findOne: async (data) => restore(await inner.findOne({ ...data, where: hashWhere(data.model, data.where)! }), rawTokenOf(data.model, data.where)),
      findMany: (data) => inner.findMany({ ...data, where: hashWhere(data.model, data.where) }),
      count: (data) => inner.count({ ...data, where: hashWhere(data.model, data.where) }),
      update: async (data) =>
        restore(await inner.update({ ...data, where: hashWhere(data.model, data.where)!, update: hashUpdate(data.model, data.update) }), rawTokenOf(data.model, data.where)),
      updateMany: (data) => inner.updateMany({ ...data, where: hashWhere(data.model, data.where)!, update: hashUpdate(data.model, data.update) }),
      delete: (data) => inner.delete({ ...data, where: hashWhere(data.model, data.where)! }),
      deleteMany: (data) => inner.deleteMany({ ...data, where: hashWhere(data.model, data.where)! }),
      consumeOne: async (data) => restore(await inner.consumeOne({ ...data, where: hashWhere(data.model, data.where)! }), rawTokenOf(data.model, data.where)),
      incrementOne: async (data) => restore(await inner.incrementOne({ ...data, where: hashWhere(data.model, data.where)! }), rawTokenOf(data.model, data.where)),
      // Operations in a transaction go through the wrapper too (the Prisma adapter runs them one by one).
      transaction: (callback) => callback(wrapped),
    };
    return wrapped;
  };
}
