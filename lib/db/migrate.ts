// Applies prisma/<provider>/migrations to a database, like `prisma migrate deploy`, without the Prisma CLI.
import Database from 'better-sqlite3';
import pg from 'pg';
import { DatabaseConfigError, dialectOf, ensureSqliteDirectory, redactUrl } from './config';
import { readMigrationsList } from './migrations';
import { NO_FILTERS, withSchemaEngine } from './schema-engine';
import { pgConnectionConfig } from './schema-engine-adapter';

/** Advisory lock key that serialises Flowdeck migrations on one PostgreSQL database (not Prisma's own key). */
const PG_MIGRATION_LOCK = 7_270_736_901;

type Pending = Map<string, Promise<string[]>>;
const g = globalThis as typeof globalThis & { __flowdeckMigrations?: Pending };

/**
 * Brings the database at `url` up to date with the committed migrations and returns the names applied now.
 * Idempotent; concurrent calls in one process share one run, and separate processes wait for each other
 * (a lock file next to the SQLite file, an advisory lock on PostgreSQL). Throws DatabaseConfigError
 * with a one-line message when the database cannot be reached or written.
 */
export function migrateDatabase(url: string): Promise<string[]> {
  const pending = (g.__flowdeckMigrations ??= new Map());
  let run = pending.get(url);
  if (!run) {
    run = runMigrations(url).finally(() => pending.delete(url));
    pending.set(url, run);
  }
  return run;
}

async function runMigrations(url: string): Promise<string[]> {
  const dialect = dialectOf(url);
  const release = dialect === 'sqlite' ? lockSqlite(url) : await lockPostgres(url);
  try {
    const migrationsList = readMigrationsList(dialect);
    const out = await withSchemaEngine(dialect, url, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTERS }));
    return out.appliedMigrationNames;
  } finally {
    await release();
  }
}

/** Holds an exclusive SQLite lock on `<db>.migrate-lock`; the OS releases it if the process dies. */
function lockSqlite(url: string): () => Promise<void> {
  const file = ensureSqliteDirectory(url);
  const lock = new Database(`${file}.migrate-lock`, { timeout: 120_000 });
  lock.exec('BEGIN EXCLUSIVE');
  return async () => {
    lock.exec('COMMIT');
    lock.close();
  };
}

/** Holds a session advisory lock on the target database while migrating. */
async function lockPostgres(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ ...pgConnectionConfig(url), connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw postgresConnectError(url, error);
  }
  return async () => {
    await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}

/** A one-line DatabaseConfigError for a failed PostgreSQL connection. */
export function postgresConnectError(url: string, error: unknown): DatabaseConfigError {
  const e = error as { code?: string; message?: string };
  const where = redactUrl(url);
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new DatabaseConfigError(`Cannot reach PostgreSQL at ${where} (${e.code}): is the server running?`);
    case '3D000':
      return new DatabaseConfigError(`PostgreSQL database in ${where} does not exist: create it first (createdb)`);
    case '28P01':
    case '28000':
      return new DatabaseConfigError(`PostgreSQL refused the credentials in ${where}: ${e.message}`);
    default:
      return new DatabaseConfigError(`Cannot connect to PostgreSQL at ${where}: ${e.message ?? String(error)}`);
  }
}
