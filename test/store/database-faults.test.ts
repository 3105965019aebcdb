// The database-fault classifier against the errors real drivers throw: a locked SQLite file through
// better-sqlite3 and through Prisma (raw and ORM), a refused and a killed PostgreSQL connection, and the
// PostgreSQL store on a server that is not there.
import { afterEach, describe, expect, test } from 'vitest';
import pg from 'pg';
import { createPrismaClient } from '@/lib/db/client';
import { pgConnectionConfig } from '@/lib/db/schema-engine-adapter';
import { InstanceNotFoundError } from '@/lib/engine/errors';
import { createDatabaseStore } from '@/lib/store/database-store';
import { isDatabaseBusy, isDatabaseUnavailable, isDatabaseUnreachable } from '@/lib/store/database-faults';
import { openSqlite } from '@/lib/store/sqlite-connection';
import { availableDatabases, createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/databases';
import { newInstance } from './contract/fixtures';

/** What each predicate says about `error`. */
const classify = (error: unknown) => ({ busy: isDatabaseBusy(error), unreachable: isDatabaseUnreachable(error), unavailable: isDatabaseUnavailable(error) });
const BUSY = { busy: true, unreachable: false, unavailable: true };
const UNREACHABLE = { busy: false, unreachable: true, unavailable: true };
const NEITHER = { busy: false, unreachable: false, unavailable: false };

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
