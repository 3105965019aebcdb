// Raw SQL through Prisma that reads the same on SQLite and PostgreSQL: double-quoted identifiers, bound values.
import { Prisma } from '../db/generated/sqlite/client';

/** A SQL fragment with bound values. */
export type Sql = Prisma.Sql;

/** Something that runs raw SQL: the client or a client inside a transaction. */
export interface SqlRunner {
  $queryRaw<T = unknown>(query: Sql): Prisma.PrismaPromise<T>;
  $executeRaw(query: Sql): Prisma.PrismaPromise<number>;
}

/** Tagged template for a SQL fragment (values become bound parameters). */
export const sql = Prisma.sql;

/** Joins fragments or values with commas (or `separator`). */
export const join = Prisma.join;
