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
import Database from 'better-sqlite3';
import { sqliteSynchronous } from '../db/client';

/** A better-sqlite3 database handle. */
export type SqliteDatabase = Database.Database;

/** A prepared statement. */
export type SqliteStatement = Database.Statement;

/** Opens `file` with Flowdeck's pragmas (WAL, synchronous FULL unless configured NORMAL, no busy wait). */
export function openSqlite(file: string): SqliteDatabase {
  const db = new Database(file, { timeout: 0 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sqliteSynchronous()}`);
  db.pragma('foreign_keys = ON');
  return db;
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
