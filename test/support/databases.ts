// Fresh, migrated databases for tests. Never touches ./data/.
// SQLite: a copy of a migrated template file, in its own temp directory.
// PostgreSQL: CREATE DATABASE … TEMPLATE <migrated template> on the TEST_DATABASE_URL_PG server.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPrismaClient, type DbClient } from '@/lib/db/client';
import type { Dialect } from '@/lib/db/config';
import { migrateDatabase } from '@/lib/db/migrate';
import { migrationsDir, readMigrationsList } from '@/lib/db/migrations';
import { pgConnectionConfig } from '@/lib/db/schema-engine-adapter';

/** A database a test owns: dispose() disconnects and deletes it. */
export interface TestDatabase {
  kind: Dialect;
  url: string;
  prisma: DbClient;
  dispose(): Promise<void>;
}

/** The PostgreSQL server tests may create databases on, if any. */
export function testPostgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL_PG?.trim() || undefined;
}

/**
 * Which databases can be tested here: always 'sqlite'; 'postgresql' when TEST_DATABASE_URL_PG is set.
 * Under CI=true a missing TEST_DATABASE_URL_PG throws instead of silently skipping PostgreSQL.
 */
export function availableDatabases(): Dialect[] {
  if (testPostgresUrl()) return ['sqlite', 'postgresql'];
  if (process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL_PG is not set: PostgreSQL tests cannot be skipped in CI (run `npm test`)');
  }
  return ['sqlite'];
}

/** A fresh, migrated, empty database of `kind`; call dispose() when done (e.g. in afterEach). */
export async function createTestDatabase(kind: Dialect): Promise<TestDatabase> {
  return kind === 'sqlite' ? createSqliteDatabase() : createPostgresDatabase();
}

/** Short hash of the committed migrations of a dialect: templates are rebuilt when it changes. */
function migrationsHash(kind: Dialect): string {
  const hash = crypto.createHash('sha256');
  for (const dir of readMigrationsList(kind, migrationsDir(kind)).migrationDirectories) {
    hash.update(dir.path).update('\0').update(dir.migrationFile.content.value).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

function randomSuffix(): string {
  return `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
}

// --- SQLite ---

let sqliteTemplate: Promise<string> | undefined;

/** A migrated SQLite file in the temp dir, shared by all test processes with the same migrations. */
function sqliteTemplateFile(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const file = path.join(os.tmpdir(), `flowdeck-test-template-${migrationsHash('sqlite')}.db`);
    if (fs.existsSync(file)) return file;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-template-'));
    const building = path.join(dir, 'template.db');
    await migrateDatabase(`file:${building}`);
    fs.renameSync(building, file); // atomic: concurrent builders each install a complete file
    fs.rmSync(dir, { recursive: true, force: true });
    return file;
  })().catch((error: unknown) => {
    sqliteTemplate = undefined;
    throw error;
  });
  return sqliteTemplate;
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const template = await sqliteTemplateFile();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-test-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  const prisma = createPrismaClient(url);
  return {
    kind: 'sqlite',
    url,
    prisma,
    async dispose() {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- PostgreSQL ---

/** Serialises template creation across test processes on one server. */
const PG_TEMPLATE_LOCK = 7_270_736_902;
let pgTemplate: Promise<string> | undefined;

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const server = testPostgresUrl();
  if (!server) throw new Error('TEST_DATABASE_URL_PG is not set: PostgreSQL tests need a server');
  const client = new pg.Client(pgConnectionConfig(server));
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(server: string, database: string): string {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The name of a migrated template database for the current migrations, built once per server. */
function postgresTemplate(): Promise<string> {
  pgTemplate ??= withAdmin(async (admin) => {
    const name = `flowdeck_tmpl_${migrationsHash('postgresql')}`;
    await admin.query('SELECT pg_advisory_lock($1)', [PG_TEMPLATE_LOCK]);
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return name;
      const stale = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'flowdeck\\_tmpl\\_%'");
      for (const row of stale.rows as { datname: string }[]) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      const building = `${name}_b${randomSuffix()}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      await migrateDatabase(databaseUrl(testPostgresUrl()!, building));
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [PG_TEMPLATE_LOCK]);
    }
  }).catch((error: unknown) => {
    pgTemplate = undefined;
    throw error;
  });
  return pgTemplate;
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const template = await postgresTemplate();
  const name = `flowdeck_test_${randomSuffix()}`;
  await withAdmin(async (admin) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // 55006: the template is briefly in use (e.g. by autovacuum or a parallel CREATE DATABASE)
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 50 + attempt * 25));
      }
    }
  });
  const url = databaseUrl(testPostgresUrl()!, name);
  const prisma = createPrismaClient(url);
  return {
    kind: 'postgresql',
    url,
    prisma,
    async dispose() {
      await prisma.$disconnect();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
