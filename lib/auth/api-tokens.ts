// API tokens for people and services, made by an admin: shown once when made, kept only as their SHA-256, each with
// a role, an optional expiry, the time of its last use, and revocable.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DbClient } from '../db/client';
import { isRole, type Role } from './roles';
import { sha256Hex } from './session-store';

/** What every Flowdeck API token starts with (so secret scanners and people can tell one). */
export const API_TOKEN_PREFIX = 'fdk_';

/** One token as the page lists it (never the token itself). */
export interface ApiTokenView {
  id: string;
  name: string;
  /** The token's first characters, to tell tokens apart. */
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** A live token found by its value: who it acts as. */
export interface ApiTokenIdentity {
  id: string;
  name: string;
  role: Role;
}

/** API tokens on the app's database. */
export interface ApiTokens {
  /** Makes a token; the value is returned only here. */
  create(input: { name: string; role: Role; createdBy: string; expiresAt?: Date }): Promise<{ token: string; view: ApiTokenView }>;
  list(): Promise<ApiTokenView[]>;
  /** Revokes a token (it stops working at once); false when there is none with that ID. */
  revoke(id: string): Promise<boolean>;
  /** The live (unrevoked, unexpired) token with this value, or undefined; records its use at most once a minute. */
  find(token: string): Promise<ApiTokenIdentity | undefined>;
}

type Row = { id: string; name: string; prefix: string; role: string; createdBy: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null };

function view(row: Row): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: isRole(row.role) ? row.role : 'viewer',
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
    ...(row.lastUsedAt ? { lastUsedAt: row.lastUsedAt.toISOString() } : {}),
    ...(row.revokedAt ? { revokedAt: row.revokedAt.toISOString() } : {}),
  };
}

/** How often a token's last use is written (a busy script does not write on every call). */
const LAST_USED_EVERY_MS = 60_000;

/** API tokens in the ApiToken table. */
export function createApiTokens(prisma: DbClient): ApiTokens {
  const lastWritten = new Map<string, number>();
  return {
    async create(input) {
      const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await prisma.apiToken.create({
        data: { id: randomUUID(), name: input.name, tokenHash: sha256Hex(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), role: input.role, createdBy: input.createdBy, createdAt: new Date(), expiresAt: input.expiresAt ?? null },
      });
      return { token, view: view(row) };
    },
    async list() {
      return (await prisma.apiToken.findMany({ orderBy: { createdAt: 'desc' } })).map(view);
    },
    async revoke(id) {
      const updated = await prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (updated.count > 0) return true;
      return (await prisma.apiToken.count({ where: { id } })) > 0;
    },
    async find(token) {
      if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
      const row = await prisma.apiToken.findUnique({ where: { tokenHash: sha256Hex(token) } });
      const now = Date.now();
      if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now) || !isRole(row.role)) return undefined;
      if (now - (lastWritten.get(row.id) ?? 0) >= LAST_USED_EVERY_MS) {
        lastWritten.set(row.id, now);
        // Recording the use must not fail the call it was made for.
        void prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } }).catch(() => lastWritten.delete(row.id));
      }
      return { id: row.id, name: row.name, role: row.role };
    },
  };
}
