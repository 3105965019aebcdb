// Driver adapters shaped the way the WASM schema engine calls them (ENVIRONMENT.md pitfalls 1, 2, 4, 5, 6).
// Used only by migrations (lib/db/schema-engine.ts); the app's PrismaClient uses the adapters directly.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Dialect } from './config';
import { sqliteFilePath } from './config';

type Result<T> = { ok: true; value: T } | { ok: false; error: unknown };
type AnyFn = (...args: never[]) => unknown;
/** A driver adapter or transaction object as the adapters return them (loosely typed on purpose). */
type Queryable = Record<string, unknown> & { queryRaw?: AnyFn; executeRaw?: AnyFn; startTransaction?: AnyFn };

/** Keeps thrown JS errors so the engine can ask for them back by id. */
class ErrorRegistry {
  private readonly errors = new Map<number, { error: unknown }>();
  private next = 0;
  consumeError(id: number): { error: unknown } | undefined {
    const entry = this.errors.get(id);
    this.errors.delete(id);
    return entry;
  }
  register(error: unknown): number {
    const id = this.next++;
    this.errors.set(id, { error });
    return id;
  }
}

/** Error kinds the engine can decode; others (e.g. SQLite's SocketTimeout for SQLITE_BUSY) go through GenericJs. */
const ENGINE_ERROR_KINDS = new Set([
  'GenericJs', 'UnsupportedNativeDataType', 'InvalidIsolationLevel', 'LengthMismatch', 'UniqueConstraintViolation',
  'NullConstraintViolation', 'ForeignKeyConstraintViolation', 'DatabaseNotReachable', 'DatabaseDoesNotExist',
  'DatabaseAlreadyExists', 'DatabaseAccessDenied', 'ConnectionClosed', 'TlsConnectionError', 'AuthenticationFailed',
  'TransactionWriteConflict', 'TableDoesNotExist', 'ColumnNotFound', 'TooManyConnections', 'ValueOutOfRange',
  'MissingFullTextSearchIndex', 'TransactionAlreadyClosed', 'postgres', 'mysql', 'sqlite', 'mssql',
]);

function isDriverAdapterError(error: unknown): error is { cause: { kind: string } } {
  return (
    error instanceof Error &&
    error.name === 'DriverAdapterError' &&
    typeof error.cause === 'object' &&
    ENGINE_ERROR_KINDS.has((error.cause as { kind?: string }).kind ?? '')
  );
}

function wrap<A extends unknown[], T>(registry: ErrorRegistry, fn: (...args: A) => T | Promise<T>) {
  return async (...args: A): Promise<Result<T>> => {
    try {
      return { ok: true, value: await fn(...args) };
    } catch (error) {
      if (isDriverAdapterError(error)) return { ok: false, error: error.cause };
      return { ok: false, error: { kind: 'GenericJs', id: registry.register(error) } };
    }
  };
}

const TX_METHODS = ['queryRaw', 'executeRaw', 'commit', 'rollback', 'createSavepoint', 'rollbackToSavepoint', 'releaseSavepoint'];
const ADAPTER_METHODS = ['queryRaw', 'executeRaw', 'executeScript', 'dispose'];

function bindObject(registry: ErrorRegistry, target: Queryable, methods: string[], dialect: Dialect): Record<string, unknown> {
  const bound: Record<string, unknown> = {
    adapterName: target.adapterName,
    provider: target.provider,
    options: target.options,
    errorRegistry: registry,
  };
  for (const method of methods) {
    const fn = target[method] as AnyFn | undefined;
    if (typeof fn === 'function') bound[method] = wrap(registry, patchMethod(dialect, target, method, fn.bind(target)));
  }
  if (typeof target.startTransaction === 'function') {
    const start = target.startTransaction.bind(target) as () => Promise<Queryable>;
    bound.startTransaction = wrap(registry, async (...args: never[]) => {
      const tx = await (start as (...a: never[]) => Promise<Queryable>)(...args);
      patchPgCharColumns(dialect, tx);
      return bindObject(registry, tx, TX_METHODS, dialect);
    });
  }
  if (typeof target.getConnectionInfo === 'function') {
    const info = (target.getConnectionInfo as () => unknown).bind(target);
    bound.getConnectionInfo = () => {
      try {
        return { ok: true, value: info() };
      } catch (error) {
        return { ok: false, error: { kind: 'GenericJs', id: registry.register(error) } };
      }
    };
  }
  return bound;
}

/** SQLite: the engine sends multi-statement scripts through executeRaw; better-sqlite3 needs exec() for those. */
function patchMethod(dialect: Dialect, target: Queryable, method: string, fn: AnyFn): AnyFn {
  if (method === 'executeRaw' && dialect === 'sqlite' && typeof target.executeScript === 'function') {
    const script = (target.executeScript as (sql: string) => Promise<void>).bind(target);
    return (async (query: { sql: string; args: unknown[] }) => {
      if (query.args.length === 0) {
        // Prisma holds an exclusive lock on the whole file while migrating, which fails (SQLITE_BUSY) whenever
        // the app or a test has a connection open. Cross-process safety comes from lib/db/migrate.ts's lock.
        if (/^\s*PRAGMA\s+main\.locking_mode\s*=\s*EXCLUSIVE\s*;?\s*$/i.test(query.sql)) return 0;
        await script(query.sql);
        return 0;
      }
      return (fn as (q: unknown) => Promise<number>)(query);
    }) as AnyFn;
  }
  if (method === 'executeScript' && dialect === 'postgresql') {
    // adapter-pg splits scripts on ';', which breaks on semicolons inside strings or functions:
    // send the whole script in one simple-protocol query instead.
    const driver = (target.underlyingDriver as (() => pg.Pool) | undefined)?.bind(target);
    if (driver) {
      return (async (sql: string) => {
        try {
          await driver().query(sql);
        } catch (error) {
          throw Object.assign(new Error((error as Error).message), { cause: error });
        }
      }) as AnyFn;
    }
  }
  return fn;
}

/** adapter-pg cannot decode Postgres "char" (OID 18) columns that catalog queries return: read them as text. */
function patchPgCharColumns(dialect: Dialect, target: Queryable): void {
  if (dialect !== 'postgresql' || typeof target.performIO !== 'function') return;
  const performIO = (target.performIO as (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }>).bind(target);
  target.performIO = async (query: unknown) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
}

/** Parsed connection fields for pg (a connectionString would override the `database` field). */
export function pgConnectionConfig(url: string, database?: string): pg.PoolConfig {
  const u = new URL(url);
  const ssl = u.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: database ?? (decodeURIComponent(u.pathname.slice(1)) || undefined),
    ssl: ssl && ssl !== 'disable' ? { rejectUnauthorized: ssl === 'verify-full' } : undefined,
    max: 4,
    connectionTimeoutMillis: 10_000,
  };
}

interface RawFactory {
  connect(): Promise<Queryable>;
  connectToShadowDb(): Promise<Queryable>;
}

/** Postgres shadow database done right: parsed fields, and the pool closes before the database is dropped. */
function pgFactory(url: string): RawFactory {
  const main = new PrismaPg(pgConnectionConfig(url));
  return {
    connect: () => main.connect() as unknown as Promise<Queryable>,
    async connectToShadowDb() {
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client(pgConnectionConfig(url));
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      const shadow = new PrismaPg(pgConnectionConfig(url, name));
      const adapter = (await shadow.connect()) as unknown as Queryable;
      const dispose = (adapter.dispose as () => Promise<void>).bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const dropper = new pg.Client(pgConnectionConfig(url));
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      };
      return adapter;
    },
  };
}

function sqliteFactory(url: string): RawFactory {
  const factory = new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 10_000 });
  return factory as unknown as RawFactory;
}

/** A migration-aware adapter factory for the WASM schema engine, plus a way to close what it opened. */
export function createSchemaEngineAdapter(dialect: Dialect, url: string) {
  const registry = new ErrorRegistry();
  const raw = dialect === 'sqlite' ? sqliteFactory(url) : pgFactory(url);
  const opened: Queryable[] = [];
  const track = (connectFn: () => Promise<Queryable>) =>
    wrap(registry, async () => {
      const adapter = await connectFn();
      patchPgCharColumns(dialect, adapter);
      let disposed = false;
      const dispose = (adapter.dispose as () => Promise<void>).bind(adapter);
      adapter.dispose = async () => {
        if (disposed) return;
        disposed = true;
        await dispose();
      };
      opened.push(adapter);
      return bindObject(registry, adapter, ADAPTER_METHODS, dialect);
    });
  const factory = {
    adapterName: dialect === 'sqlite' ? '@prisma/adapter-better-sqlite3' : '@prisma/adapter-pg',
    provider: dialect === 'sqlite' ? 'sqlite' : 'postgres',
    errorRegistry: registry,
    connect: track(() => raw.connect()),
    connectToShadowDb: track(() => raw.connectToShadowDb()),
  };
  /** Closes every connection the engine opened (idempotent). */
  const close = async () => {
    for (const adapter of opened.splice(0)) {
      await (adapter.dispose as () => Promise<void>)().catch(() => undefined);
    }
  };
  return { factory, registry, close };
}
