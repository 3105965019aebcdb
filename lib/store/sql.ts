// Raw SQL that reads the same on SQLite and PostgreSQL: double-quoted identifiers, Prisma-bound values.
// The store's hot path uses it because a raw statement costs a fraction of an ORM call (no query compile).
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

/** A quoted identifier; only for the store's own table and column names, never for input. */
export function ident(name: string): Sql {
  return Prisma.raw(`"${name}"`);
}

/** Rows per multi-row INSERT, so that statements stay well under both databases' bound-value limits. */
const ROWS_PER_INSERT = 500;

/** Inserts `rows` (values in `columns` order) with as few multi-row INSERTs as the limits allow. */
export async function insertRows(db: SqlRunner, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const names = join(columns.map(ident));
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const values = rows.slice(start, start + ROWS_PER_INSERT).map((row) => sql`(${join(row)})`);
    await db.$executeRaw(sql`INSERT INTO ${ident(table)} (${names}) VALUES ${join(values)}`);
  }
}
