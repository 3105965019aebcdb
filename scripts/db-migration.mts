// npm run db:migration -- --name add_x
// Creates prisma/{sqlite,postgres}/migrations/<timestamp>_<name>/migration.sql from the difference between
// the committed migrations and the edited schema files, offline (no Prisma CLI migrate, see docs/DATABASE.md).
// PostgreSQL needs a server for its shadow database: MIGRATION_SHADOW_URL_PG or TEST_DATABASE_URL_PG if set,
// else a throwaway cluster started from /usr/lib/postgresql/*/bin.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { diffMigrationsToSchema, migrationTimestamp, writeMigration } from '../lib/db/migration-diff';
import type { Dialect } from '../lib/db/config';
import { startThrowawayCluster } from './pg-cluster.mjs';

async function pgServer(): Promise<{ url: string; stop(): void }> {
  const given = process.env.MIGRATION_SHADOW_URL_PG || process.env.TEST_DATABASE_URL_PG;
  if (given) return { url: given, stop: () => undefined };
  return startThrowawayCluster();
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' } } });
  const name = (values.name ?? '').trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) {
    console.error('Usage: npm run db:migration -- --name add_something');
    return 2;
  }
  const folder = `${migrationTimestamp()}_${name}`;
  const pg = await pgServer();
  const diffs: Record<Dialect, string> = { sqlite: '', postgresql: '' };
  try {
    diffs.sqlite = await diffMigrationsToSchema('sqlite');
    diffs.postgresql = await diffMigrationsToSchema('postgresql', pg.url);
  } finally {
    pg.stop();
  }
  let written = 0;
  for (const dialect of ['sqlite', 'postgresql'] as const) {
    if (!diffs[dialect]) {
      console.log(`${dialect}: schema and migrations already agree, nothing to write`);
      continue;
    }
    const dir = writeMigration(dialect, folder, diffs[dialect]);
    console.log(`${dialect}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
    written++;
  }
  if (written === 1) console.warn('Warning: only one provider changed; check that both schema files carry the same models.');
  if (written > 0) console.log('Review the SQL, then commit it; the app applies it on its next start.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:migration failed: ${(error as Error).message ?? error}`);
    process.exit(1);
  },
);
