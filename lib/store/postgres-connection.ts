// The PostgreSQL store's own `pg` pools, on the same database as the Prisma client, and the conventions both
// sides must share so that rows written by either read back equal.
//
// Why pools next to Prisma's: every Prisma query costs ~1 ms and an interactive transaction ~1.5 ms of
// ORM/adapter overhead here; a named prepared statement through `pg` costs one round trip.
//
// Timestamps: Prisma keeps DateTime in `timestamp(3) without time zone` columns, as UTC. `pg` would send a
// Date in the process's local zone (which PostgreSQL then drops) and read one back as local time, so this
// store sends ISO strings (pgTime) and parses timestamps as UTC (TIMESTAMP_PARSER), whatever TZ says.
//
// Connection errors: a server that restarts, stops or terminates a session makes `pg` emit 'error' on the
// pool (idle clients) or on the client itself (one checked out); an 'error' event nobody listens to ends the
// process. The pools here listen (and drop the broken client), and so must every holder of a checked-out
// client (holdClient). The next query opens a fresh connection: nothing else is needed to reconnect.
import pg from 'pg';
import { pgConnectionConfig } from '../db/schema-engine-adapter';
import { registerWriteProbe } from './database-faults';

/** Something that runs a query: a pool or a client checked out of one. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

const TIMESTAMP_OID = 1114;

/** Parses a `timestamp without time zone` value as UTC. */
function parseUtcTimestamp(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}

/** The store's type parsers: pg's own, except timestamps (UTC); the global pg.types stay untouched. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary' ? parseUtcTimestamp : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** A Date as a `timestamp(3)` parameter, the way Prisma stores it (UTC). */
export function pgTime(date: Date): string {
  return date.toISOString();
}

/** A Date or null as a parameter. */
export function pgTimeOrNull(date: Date | null | undefined): string | null {
  return date ? pgTime(date) : null;
}

/**
 * A pool on `url` with the store's type parsers. `pipeline` sends a client's queries without waiting for
 * the previous answers (the write batch's connection); `asyncCommit` turns off synchronous_commit for the
 * pool's sessions (lease-only writes, see postgres-store.ts). A pool that is not pipelined also serves the
 * database's write probe for /api/health (probePostgresWrite) until it is ended.
 */
export function createPool(url: string, options: { max: number; pipeline?: boolean; asyncCommit?: boolean }): pg.Pool {
  const pool = new pg.Pool({
    ...pgConnectionConfig(url),
    max: options.max,
    types: TYPES,
    ...(options.asyncCommit ? { options: '-c synchronous_commit=off' } : {}),
    ...(options.pipeline ? { pipeline: true } : {}),
  } as pg.PoolConfig);
  // An idle client's connection error (server restart) must not crash the process: the pool drops that client,
  // and the next query connects afresh.
  pool.on('error', () => undefined);
  if (!options.pipeline) registerWriteProbe({ database: url, isOpen: () => !pool.ending && !pool.ended, write: () => probePostgresWrite(pool) });
  return pool;
}

/**
 * Checks out a client for a caller that holds it across queries, with an 'error' listener for as long as it is
 * held (a session the server ends while it is checked out emits 'error' on the client, which would otherwise
 * end the process). `release(broken)` gives it back; a client whose connection failed is always dropped.
 */
export async function holdClient(pool: pg.Pool): Promise<{ client: pg.PoolClient; release(broken: boolean): void }> {
  const client = await pool.connect();
  let failed = false;
  const onError = () => {
    failed = true;
  };
  client.on('error', onError);
  return {
    client,
    release(broken) {
      client.removeListener('error', onError);
      client.release(broken || failed);
    },
  };
}

/**
 * A cheap write on `pool`: an UPDATE that matches no row (refused when the session or server is read-only) and
 * a transaction ID (a commit record in the WAL), as one implicit transaction.
 */
export async function probePostgresWrite(pool: pg.Pool): Promise<void> {
  await pool.query('UPDATE "WorkflowInstance" SET "lockedBy" = "lockedBy" WHERE false; SELECT pg_current_xact_id()');
}


const names = new Map<string, string>();

/** A named prepared statement for `text` (parsed once per connection, then only bound and executed). */
export function statement(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) names.set(text, (name = `flowdeck_${names.size}`));
  return { name, text, values };
}

/** True when a write hit a unique or primary key constraint (two creators raced for one instance ID). */
export function isPgUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '23505';
}
