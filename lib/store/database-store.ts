// The store the app runs on: the SQL store of the Prisma client's database.
import type { DbClient } from '../db/client';
import type { Dialect } from '../db/config';
import type { WorkflowStore } from '../engine/store';
import { PostgresStore } from './postgres-store';
import { PrismaReads } from './prisma-reads';
import { SqliteStore } from './sqlite-store';

/**
 * The WorkflowStore on the database of `prisma`: on SQLite a SqliteStore (prepared statements on its own
 * better-sqlite3 connection to the same file), on PostgreSQL a PostgresStore (prepared statements on `pg`
 * pools of its own to the same database); both leave the dashboard's listing to Prisma (PrismaReads).
 * The caller keeps owning the client (and its $disconnect).
 */
export function createDatabaseStore(prisma: DbClient, dialect: Dialect): WorkflowStore {
  const reads = new PrismaReads(prisma, dialect);
  return dialect === 'sqlite' ? new SqliteStore(prisma, reads) : new PostgresStore(prisma, reads);
}
