// The secret that signs sign-in cookies: BETTER_AUTH_SECRET when set, else one generated on first start and kept
// in the AppSetting table, so that every process on the database signs alike and restarts keep sessions.
import { randomBytes } from 'node:crypto';
import type { DbClient } from '../db/client';

const KEY = 'auth-signing-secret';

/** The signing secret: the environment's, or the database's (created by the first process to ask). */
export async function signingSecret(prisma: DbClient, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env.BETTER_AUTH_SECRET?.trim();
  if (given) return given;
  const existing = await prisma.appSetting.findUnique({ where: { key: KEY } });
  if (existing) return existing.value;
  try {
    const created = await prisma.appSetting.create({ data: { key: KEY, value: randomBytes(32).toString('base64url'), createdAt: new Date() } });
    return created.value;
  } catch (error) {
    // Another process created it first: use theirs.
    const raced = await prisma.appSetting.findUnique({ where: { key: KEY } });
    if (raced) return raced.value;
    throw error;
  }
}
