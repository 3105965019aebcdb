// Fresh, migrated databases for one benchmark scenario each (temp SQLite files; databases on a PostgreSQL server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPrismaClient, type DbClient } from '../lib/db/client';
import type { Dialect } from '../lib/db/config';
import { migrateDatabase } from '../lib/db/migrate';
import { pgConnectionConfig } from '../lib/db/schema-engine-adapter';

/** A database a scenario owns; dispose() disconnects and deletes it. */
export interface BenchDatabase {
  kind: Dialect;
  url: string;
  prisma: DbClient;
  dispose(): Promise<void>;
}

let counter = 0;

/** A fresh migrated SQLite file in its own temp directory. */
export async function createSqliteBenchDatabase(): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  await migrateDatabase(url);
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

/** A fresh migrated database on the PostgreSQL server at `serverUrl`, dropped by dispose(). */
export async function createPostgresBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `flowdeck_bench_${process.pid}_${++counter}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrateDatabase(url);
  const prisma = createPrismaClient(url);
  return {
    kind: 'postgresql',
    url,
    prisma,
    async dispose() {
      await prisma.$disconnect();
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Runs `fn` with a connection to the server's maintenance database. */
export async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConnectionConfig(serverUrl));
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
