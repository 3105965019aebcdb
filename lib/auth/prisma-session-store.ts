// Dashboard sessions in the DashboardSession table; lookups are cached for a few seconds per process, so each
// dashboard request does not cost a query (a sign-out elsewhere takes effect here within CACHE_MS).
import type { DbClient } from '../db/client';
import { newSessionId, sha256Hex, type DashboardSession, type DashboardSessionStore } from './session-store';

/** How long a found session is trusted without asking the database again. */
const CACHE_MS = 5_000;
/** Sessions cached at most (oldest dropped first). */
const CACHE_SIZE = 1_000;

/** The DashboardSession table as a DashboardSessionStore. */
export class PrismaSessionStore implements DashboardSessionStore {
  private readonly cache = new Map<string, { session: DashboardSession; until: number }>();

  constructor(private readonly prisma: DbClient) {}

  async create(tokenDigest: string, expiresAt: Date): Promise<string> {
    const rawId = newSessionId();
    const now = new Date();
    // Expired sessions go when new ones come: the table stays as small as the live sessions.
    await this.prisma.$transaction([
      this.prisma.dashboardSession.deleteMany({ where: { expiresAt: { lte: now } } }),
      this.prisma.dashboardSession.create({ data: { idHash: sha256Hex(rawId), tokenDigest, createdAt: now, expiresAt } }),
    ]);
    return rawId;
  }

  async find(rawId: string): Promise<DashboardSession | undefined> {
    const idHash = sha256Hex(rawId);
    const now = Date.now();
    const cached = this.cache.get(idHash);
    if (cached && cached.until > now && cached.session.expiresAt.getTime() > now) return cached.session;
    this.cache.delete(idHash);
    const row = await this.prisma.dashboardSession.findUnique({ where: { idHash } });
    if (!row || row.expiresAt.getTime() <= now) return undefined;
    const session = { tokenDigest: row.tokenDigest, expiresAt: row.expiresAt };
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(idHash, { session, until: now + CACHE_MS });
    return session;
  }

  async revoke(rawId: string): Promise<void> {
    const idHash = sha256Hex(rawId);
    this.cache.delete(idHash);
    await this.prisma.dashboardSession.deleteMany({ where: { idHash } });
  }
}
