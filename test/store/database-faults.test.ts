// The database-fault classifier against the errors real drivers throw: a locked SQLite file through
// better-sqlite3 and through Prisma (raw and ORM), a SQLite file that is not writable, a refused and a killed
// PostgreSQL connection, a read-only PostgreSQL session, and the PostgreSQL store on a server that is not there.
// (Shutting down, restarts and full disks: test/faults/.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import pg from 'pg';
import { createPrismaClient } from '@/lib/db/client';
import { pgConnectionConfig } from '@/lib/db/schema-engine-adapter';
import { InstanceNotFoundError } from '@/lib/engine/errors';
import { createDatabaseStore } from '@/lib/store/database-store';
import { databaseFaultOf, DatabaseFaultError, isDatabaseBusy, isDatabaseUnavailable, isDatabaseUnreachable } from '@/lib/store/database-faults';
import { openSqlite, sqliteWriteFault } from '@/lib/store/sqlite-connection';
import { availableDatabases, createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/databases';
import { newInstance } from './contract/fixtures';

/** What each predicate says about `error`. */
const classify = (error: unknown) => ({ busy: isDatabaseBusy(error), unreachable: isDatabaseUnreachable(error), unavailable: isDatabaseUnavailable(error) });
const BUSY = { busy: true, unreachable: false, unavailable: true };
const UNREACHABLE = { busy: false, unreachable: true, unavailable: true };
const NEITHER = { busy: false, unreachable: false, unavailable: false };
/** Reachable, but refusing writes. */
const REFUSING_WRITES = { busy: false, unreachable: false, unavailable: true };

/** The fault kind `error` is classified as. */
const kindOf = (error: unknown) => databaseFaultOf(error)?.kind;

/** The error `operation` rejects with (fails the test when it succeeds). */
async function failureOf(operation: () => Promise<unknown>): Promise<unknown> {
  return operation().then(
    () => expect.fail('expected the operation to fail'),
    (error: unknown) => error,
  );
}

describe('database faults: SQLite', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.dispose();
    db = undefined;
  });

  test('a write to a file another connection holds locked is busy, raw or through Prisma', async () => {
    db = await createTestDatabase('sqlite');
    const [main] = await db.prisma.$queryRawUnsafe<{ file: string }[]>(`SELECT "file" FROM pragma_database_list WHERE "name" = 'main'`);
    await db.prisma.$queryRawUnsafe('PRAGMA busy_timeout = 0');
    const holder = openSqlite(main.file);
    const other = openSqlite(main.file);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const raw = (() => {
        try {
          other.exec('BEGIN IMMEDIATE');
        } catch (error) {
          return error;
        }
      })();
      expect(classify(raw)).toEqual(BUSY);
      const viaRawQuery = await failureOf(() => db!.prisma.$executeRawUnsafe(`INSERT INTO "ActivityLog" ("instanceId", "taskId", "message", "createdAt") VALUES ('a', 0, 'm', '2026-01-01T00:00:00.000+00:00')`));
      expect(classify(viaRawQuery)).toEqual(BUSY);
      const viaOrm = await failureOf(() => db!.prisma.activityLog.create({ data: { instanceId: 'a', taskId: 0, message: 'm', createdAt: new Date() } }));
      expect(classify(viaOrm)).toEqual(BUSY);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      other.close();
    }
  });

  test('a file that is not writable is read-only: fresh connections, Prisma, and a connection opened before it', async () => {
    db = await createTestDatabase('sqlite');
    const [main] = await db.prisma.$queryRawUnsafe<{ file: string }[]>(`SELECT "file" FROM pragma_database_list WHERE "name" = 'main'`);
    const before = openSqlite(main.file);
    before.exec('CREATE TABLE IF NOT EXISTS probe (x)');
    // Root ignores file modes: it needs the immutable attribute; anyone else, the mode.
    const asRoot = process.getuid?.() === 0;
    const files = [main.file, `${main.file}-wal`];
    if (asRoot) execFileSync('chattr', ['+i', ...files]);
    else for (const f of files) fs.chmodSync(f, 0o444);
    try {
      const fresh = new Database(main.file, { fileMustExist: true });
      try {
        const readOnly = (() => {
          try {
            fresh.exec('INSERT INTO probe VALUES (1)');
          } catch (error) {
            return error;
          }
        })();
        expect((readOnly as { code?: string }).code).toBe('SQLITE_READONLY');
        expect({ ...classify(readOnly), kind: kindOf(readOnly) }).toEqual({ ...REFUSING_WRITES, kind: 'read-only' });
      } finally {
        fresh.close();
      }
      if (asRoot) {
        // An open connection keeps its writable descriptor: SQLite reports an I/O error, which the store tells apart.
        const ioError = (() => {
          try {
            before.exec('INSERT INTO probe VALUES (randomblob(10000))');
          } catch (error) {
            return error;
          }
        })();
        expect((ioError as { code?: string }).code).toMatch(/^SQLITE_IOERR/);
        expect(kindOf(ioError)).toBe('disk-io');
        const reported = sqliteWriteFault(before, ioError);
        expect(reported).toBeInstanceOf(DatabaseFaultError);
        expect({ ...classify(reported), kind: kindOf(reported), message: databaseFaultOf(reported)?.message }).toEqual({ ...REFUSING_WRITES, kind: 'read-only', message: 'database is read-only' });
      }
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', ...files]);
      else for (const f of files) fs.chmodSync(f, 0o644);
      before.close();
    }
    // A disk I/O error on a file that is writable stays what it is.
    const writable = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    const still = openSqlite(main.file);
    try {
      expect(sqliteWriteFault(still, writable)).toBe(writable);
    } finally {
      still.close();
    }
  });

  test("the engine's own errors and constraint violations are not database faults", async () => {
    db = await createTestDatabase('sqlite');
    const store = createDatabaseStore(db.prisma, 'sqlite');
    try {
      await store.createInstance(newInstance('a1'));
      expect(classify(await failureOf(() => store.createInstance(newInstance('a1'))))).toEqual(NEITHER);
      const duplicate = await failureOf(() => db!.prisma.$executeRawUnsafe(`INSERT INTO "WorkflowInstance" SELECT * FROM "WorkflowInstance"`));
      expect(classify(duplicate)).toEqual(NEITHER);
      expect(classify(new InstanceNotFoundError('x'))).toEqual(NEITHER);
      expect(classify(undefined)).toEqual(NEITHER);
    } finally {
      await store.close();
    }
  });
});

const hasPostgres = availableDatabases().includes('postgresql');

describe.skipIf(!hasPostgres)('database faults: PostgreSQL', () => {
  /** A URL of the test server's kind on a port where nothing listens. */
  const nowhere = () => {
    const url = new URL(testPostgresUrl()!);
    url.hostname = '127.0.0.1';
    url.port = '1';
    return url.toString();
  };

  test('a refused connection is unreachable, from pg, from Prisma and from the PostgreSQL store', async () => {
    const client = new pg.Client(pgConnectionConfig(nowhere()));
    expect(classify(await failureOf(() => client.connect()))).toEqual(UNREACHABLE);

    const prisma = createPrismaClient(nowhere());
    const store = createDatabaseStore(prisma, 'postgresql');
    try {
      expect(classify(await failureOf(() => prisma.workflowInstance.count()))).toEqual(UNREACHABLE);
      expect(classify(await failureOf(() => store.getInstance('a1')))).toEqual(UNREACHABLE);
      expect(classify(await failureOf(() => store.createInstance(newInstance('a1'))))).toEqual(UNREACHABLE);
      expect(classify(await failureOf(() => store.listInstances({ limit: 10 })))).toEqual(UNREACHABLE);
    } finally {
      await store.close();
      await prisma.$disconnect();
    }
  });

  test('a write in a read-only session (25006) is read-only, through pg and through Prisma', async () => {
    const db = await createTestDatabase('postgresql');
    const session = new pg.Client(pgConnectionConfig(db.url));
    session.on('error', () => undefined);
    await session.connect();
    try {
      await session.query('SET default_transaction_read_only = on');
      const refused = await failureOf(() => session.query(`UPDATE "WorkflowInstance" SET "lockedBy" = NULL`));
      expect((refused as { code?: string }).code).toBe('25006');
      expect({ ...classify(refused), kind: kindOf(refused) }).toEqual({ ...REFUSING_WRITES, kind: 'read-only' });
      const viaPrisma = await failureOf(() =>
        db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe('SET TRANSACTION READ ONLY');
          await tx.activityLog.create({ data: { instanceId: 'a', taskId: 0, message: 'm', createdAt: new Date() } });
        }),
      );
      expect(kindOf(viaPrisma)).toBe('read-only');
    } finally {
      await session.end();
      await db.dispose();
    }
  });

  test('a connection the server terminates is unreachable', async () => {
    const victim = new pg.Client(pgConnectionConfig(testPostgresUrl()!));
    const killer = new pg.Client(pgConnectionConfig(testPostgresUrl()!));
    await Promise.all([victim.connect(), killer.connect()]);
    victim.on('error', () => undefined);
    try {
      const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const pending = failureOf(() => victim.query('SELECT pg_sleep(10)'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await killer.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      expect(classify(await pending)).toEqual(UNREACHABLE);
    } finally {
      await killer.end();
      await victim.end().catch(() => undefined);
    }
  });
});
