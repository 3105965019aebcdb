// Dashboard sessions: the cookie carries a random 256-bit ID; the store keeps only its SHA-256, the digest of
// the token that signed in, and when it expires.
import { createHash, randomBytes } from 'node:crypto';

/** What a stored session says. */
export interface DashboardSession {
  /** SHA-256 of the API token that signed in (hex): a session ends when the configured token changes. */
  tokenDigest: string;
  expiresAt: Date;
}

/** Where dashboard sessions live (the database in the app; memory in unit tests). */
export interface DashboardSessionStore {
  /** Creates a session for `tokenDigest` that expires at `expiresAt`; returns the raw ID for the cookie. */
  create(tokenDigest: string, expiresAt: Date): Promise<string>;
  /** The unexpired session with this raw cookie ID, or undefined. */
  find(rawId: string): Promise<DashboardSession | undefined>;
  /** Ends the session with this raw cookie ID (sign-out); no-op when there is none. */
  revoke(rawId: string): Promise<void>;
}

/** Hex SHA-256 of a secret (session IDs, tokens): what is stored instead of the secret itself. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random session ID, base64url (43 characters, 256 bits). */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** How long a dashboard session lasts: FLOWDECK_SESSION_HOURS (default 12, at most 720). */
export function sessionLifetimeMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FLOWDECK_SESSION_HOURS?.trim();
  const hours = raw && /^\d+$/.test(raw) ? Math.min(Math.max(Number(raw), 1), 720) : 12;
  return hours * 3_600_000;
}

/** Sessions in memory, for unit tests and processes without a database. */
export class MemorySessionStore implements DashboardSessionStore {
  private readonly sessions = new Map<string, DashboardSession>();

  async create(tokenDigest: string, expiresAt: Date): Promise<string> {
    const rawId = newSessionId();
    this.sessions.set(sha256Hex(rawId), { tokenDigest, expiresAt });
    return rawId;
  }

  async find(rawId: string): Promise<DashboardSession | undefined> {
    const session = this.sessions.get(sha256Hex(rawId));
    return session && session.expiresAt.getTime() > Date.now() ? session : undefined;
  }

  async revoke(rawId: string): Promise<void> {
    this.sessions.delete(sha256Hex(rawId));
  }
}
