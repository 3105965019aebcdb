// The entry point for Next.js server code: fails the build if a client component imports the database.
// Plain-node code (scripts, vitest) imports lib/db/client directly, where 'server-only' would throw.
import 'server-only';

export { closePrisma, createPrismaClient, getPrisma } from './client';
export type { DbClient } from './client';
