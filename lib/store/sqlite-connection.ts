// The SQLite store's own better-sqlite3 connection: same file and durability pragmas as the Prisma client's,
// prepared statements cached by their SQL text.
//
// Why a second connection next to Prisma's: every Prisma query costs ~0.2–1.5 ms of ORM/adapter overhead,
// a cached prepared statement costs microseconds. Two connections in one process are safe here because this
// one never holds a transaction across an await (each write group runs in one synchronous BEGIN IMMEDIATE …
// COMMIT), and it never busy-waits: busy_timeout is 0, and a write group that meets a lock (Prisma's
// connection inside an interactive transaction, or another process) is retried from a timer, so the event
// loop keeps running and the lock holder can finish. Prisma's connection keeps its own busy_timeout: it can
// only meet this connection's lock while this connection runs synchronously, i.e. never in this process.
//
// Faults: a file that turns read-only under an open connection makes its writes fail with SQLITE_IOERR_WRITE
// (the connection keeps its writable descriptor); sqliteWriteFault tells that apart from a failing disk. A
// connection opened while the file is read-only stays read-only (SQLITE_READONLY) until it is reopened.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { sqliteMmapBytes, sqliteSynchronous } from '../db/client';
import { DatabaseFaultError, databaseFaultOf, registerWriteProbe } from './database-faults';

/** A better-sqlite3 database handle. */
export type SqliteDatabase = Database.Database;

/** A prepared statement. */
export type SqliteStatement = Database.Statement;

/**
 * Opens `file` with Flowdeck's pragmas (WAL, synchronous FULL unless configured NORMAL, no busy wait, the mmap
 * read window), and
 * registers the file's write probe for /api/health while the connection is open.
 */
export function openSqlite(file: string): SqliteDatabase {
  const db = new Database(file, { timeout: 0 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sqliteSynchronous()}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`mmap_size = ${sqliteMmapBytes()}`);
  registerWriteProbe({ database: db.name, isOpen: () => db.open, write: async () => probeSqliteWrite(db.name) });
  return db;
}

/**
 * A cheap durable write to `file` on a fresh connection (so that it sees the file as it is now, not as an open
 * descriptor does): rewrites the header's user_version with its own value in a transaction of its own, which
 * appends one page to the WAL and syncs it. Throws SQLITE_BUSY at once when another writer holds the lock.
 */
export function probeSqliteWrite(file: string): void {
  const probe = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    const version = Number(probe.pragma('user_version', { simple: true }));
    probe.pragma(`user_version = ${version}`);
    probe.exec('COMMIT');
  } finally {
    probe.close();
  }
}

/**
 * The error to report for a failed write on `db`: an I/O error while the database file or its WAL is not
 * writable any more (permissions, an immutable or read-only-mounted file) is the file turning read-only.
 */
export function sqliteWriteFault(db: SqliteDatabase, error: unknown): unknown {
  if (databaseFaultOf(error)?.kind !== 'disk-io') return error;
  const writable = (path: string) => {
    try {
      fs.accessSync(path, fs.constants.W_OK);
      return true;
    } catch (reason) {
      return (reason as { code?: string }).code === 'ENOENT';
    }
  };
  return writable(db.name) && writable(`${db.name}-wal`) ? error : new DatabaseFaultError('read-only', { cause: error });
}

/** Prepares each distinct SQL text once. */
export class StatementCache {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(readonly db: SqliteDatabase) {}

  /** The prepared statement for `sql`. */
  get(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}

/** A Date as Prisma's SQLite adapter stores DateTime columns (ISO 8601 with "+00:00"), so both compare alike. */
export function sqliteTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** A Date or null as stored. */
export function sqliteTimeOrNull(date: Date | null | undefined): string | null {
  return date ? sqliteTime(date) : null;
}
