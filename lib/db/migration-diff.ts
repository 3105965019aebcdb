// Compares committed migrations with a schema file: the basis of `npm run db:migration` and the drift test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Dialect } from './config';
import { lockfileContent, migrationsDir, readMigrationsList } from './migrations';
import { NO_FILTERS, readSchemaFile, withSchemaEngine } from './schema-engine';

/**
 * The SQL that takes a database built from the committed migrations to the current schema ('' when in sync).
 * The migrations replay on a shadow database: in memory for SQLite, a temporary database created on the
 * PostgreSQL server of `pgServerUrl` (and dropped afterwards) for PostgreSQL.
 */
export async function diffMigrationsToSchema(dialect: Dialect, pgServerUrl?: string): Promise<string> {
  const list = readMigrationsList(dialect);
  // The engine needs the lockfile to know the provider, even before the first migration exists.
  list.lockfile.content ??= lockfileContent(dialect);
  const schema = readSchemaFile(dialect);
  let url: string;
  let tmpDir: string | undefined;
  if (dialect === 'sqlite') {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-diff-'));
    url = `file:${path.join(tmpDir, 'unused.db')}`;
  } else {
    if (!pgServerUrl) throw new Error('diffMigrationsToSchema(postgresql) needs a PostgreSQL server URL for its shadow database');
    url = pgServerUrl;
  }
  try {
    const out = await withSchemaEngine(dialect, url, (engine) =>
      engine.diff({ from: { tag: 'migrations', ...list }, to: { tag: 'schemaDatamodel', files: [schema] }, script: true, exitCode: null, filters: NO_FILTERS }),
    );
    const sql = (out.stdout ?? '').trim();
    return isEmptyMigration(sql) ? '' : `${sql}\n`;
  } finally {
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** The engine prints a comment instead of SQL when there is nothing to do. */
function isEmptyMigration(sql: string): boolean {
  return sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}

/** `YYYYMMDDHHMMSS`, the prefix Prisma gives migration folders (UTC). */
export function migrationTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Writes `<timestamp>_<name>/migration.sql` (and migration_lock.toml when missing); returns the folder. */
export function writeMigration(dialect: Dialect, folderName: string, sql: string): string {
  const dir = migrationsDir(dialect);
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'migration_lock.toml');
  if (!fs.existsSync(lock)) fs.writeFileSync(lock, lockfileContent(dialect));
  const folder = path.join(dir, folderName);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'migration.sql'), sql);
  return folder;
}
