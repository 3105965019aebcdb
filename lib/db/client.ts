// The Prisma client for whichever database DATABASE_URL names. Server code only (see lib/db/server.ts).
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client';
import { PrismaClient as PostgresPrismaClient } from './generated/postgres/client';
import { dialectOf, ensureSqliteDirectory, resolveDatabaseConfig, sqliteFilePath } from './config';

/**
 * The client type the app codes against. It is the SQLite client's type; the PostgreSQL client has the
 * same model API (both schemas carry identical models, see test/db/schema-parity.test.ts).
 */
export type DbClient = SqlitePrismaClient;

/** How long a SQLite connection waits for another writer's lock before failing (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** SQLite `synchronous` level: FULL unless FLOWDECK_SQLITE_SYNCHRONOUS=NORMAL trades durability for speed. */
export function sqliteSynchronous(): 'FULL' | 'NORMAL' {
  return process.env.FLOWDECK_SQLITE_SYNCHRONOUS?.toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL';
}

/**
 * SQLite's memory-mapped read window in bytes: FLOWDECK_SQLITE_MMAP_MB (default 256, 0 turns it off). Reads of
 * summary columns stored after a large payload walk the payload's overflow pages; through the map that walk is
 * memory reads, not a read() per page (the list of 200 instances with 900 KB inputs: docs/BENCHMARKS.md).
 * Writes still go through the WAL as before.
 */
export function sqliteMmapBytes(): number {
  const raw = process.env.FLOWDECK_SQLITE_MMAP_MB?.trim();
  const mb = raw && /^\d+$/.test(raw) ? Math.min(Number(raw), 4096) : 256;
  return mb * 1024 * 1024;
}

/** better-sqlite3 adapter that applies Flowdeck's pragmas to its connection when it opens. */
class FlowdeckSqliteAdapterFactory extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(
      `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${sqliteSynchronous()}; ` +
        `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA mmap_size = ${sqliteMmapBytes()};`,
    );
    return adapter;
  }
}

/** A lost PostgreSQL session needs no handling beyond listening: the failed query reports it, the pool replaces the connection. */
function ignoreConnectionError(): void {}

// On globalThis: Next.js loads this module twice (instrumentation, route handlers), and a client made by one copy
// is used by code of the other.
const urlsKey = Symbol.for('flowdeck.prismaClientUrls');
const clientUrls: WeakMap<DbClient, string> = ((globalThis as { [urlsKey]?: WeakMap<DbClient, string> })[urlsKey] ??= new WeakMap());

/** A new Prisma client for `url` (file: → SQLite, postgres(ql):// → PostgreSQL). Callers own its $disconnect. */
export function createPrismaClient(url: string): DbClient {
  let client: DbClient;
  if (dialectOf(url) === 'sqlite') {
    ensureSqliteDirectory(url);
    const adapter = new FlowdeckSqliteAdapterFactory({ url: sqliteFilePath(url), timeout: SQLITE_BUSY_TIMEOUT_MS });
    client = new SqlitePrismaClient({ adapter });
  } else {
    // A session the server ends (a restart, pg_terminate_backend) emits 'error' on the adapter's pool or on the
    // connection an interactive transaction holds; the query in flight fails with it (a 503) and the pool
    // connects afresh for the next one. Said here rather than left to the adapter's defaults: an 'error' event
    // nobody listens to ends the process.
    const adapter = new PrismaPg({ connectionString: url }, { onPoolError: ignoreConnectionError, onConnectionError: ignoreConnectionError });
    client = new PostgresPrismaClient({ adapter }) as unknown as DbClient;
  }
  clientUrls.set(client, url);
  return client;
}

/** The URL a client was created with (stores open their own fast-path connections to the same database). */
export function databaseUrlOf(client: DbClient): string {
  const url = clientUrls.get(client);
  if (url === undefined) throw new Error('this Prisma client was not created by createPrismaClient(url)');
  return url;
}

type Held = { url: string; client: DbClient };
const g = globalThis as typeof globalThis & { __flowdeckPrisma?: Held };

/** The process-wide client for DATABASE_URL (kept on globalThis: Next loads modules more than once). */
export function getPrisma(): DbClient {
  if (!g.__flowdeckPrisma) {
    const { url } = resolveDatabaseConfig();
    g.__flowdeckPrisma = { url, client: createPrismaClient(url) };
  }
  return g.__flowdeckPrisma.client;
}

/** Disconnects and forgets the process-wide client (for shutdown). */
export async function closePrisma(): Promise<void> {
  const held = g.__flowdeckPrisma;
  g.__flowdeckPrisma = undefined;
  await held?.client.$disconnect();
}
