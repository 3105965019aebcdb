// npm run db:reset [-- --yes]
// SQLite: deletes the database file (and its -wal/-shm side files). PostgreSQL: drops and recreates the
// `public` schema, only with --yes. Stop the app first; migrations apply again on its next start.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { isDatabaseConfigError, redactUrl, resolveDatabaseConfig, sqliteFilePath } from '../lib/db/config';
import { postgresConnectError } from '../lib/db/migrate';
import { pgConnectionConfig } from '../lib/db/schema-engine-adapter';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { yes: { type: 'boolean', default: false } } });
  const { dialect, url } = resolveDatabaseConfig();
  if (dialect === 'sqlite') {
    const file = sqliteFilePath(url);
    const dataDir = path.join(process.cwd(), 'data');
    if (!file.startsWith(dataDir + path.sep) && !values.yes) {
      console.error(`Refusing to delete ${file} (outside ./data) without --yes: npm run db:reset -- --yes`);
      return 1;
    }
    const removed = ['', '-wal', '-shm', '-journal', '.migrate-lock'].map((s) => file + s).filter((f) => fs.existsSync(f));
    for (const f of removed) fs.rmSync(f);
    console.log(removed.length ? `Deleted ${file}; it is recreated and migrated on the next start.` : `Nothing to delete: ${file} does not exist.`);
    return 0;
  }
  if (!values.yes) {
    console.error(`This drops every table in ${redactUrl(url)} (schema "public"). Run: npm run db:reset -- --yes`);
    return 1;
  }
  const client = new pg.Client(pgConnectionConfig(url));
  try {
    await client.connect();
  } catch (error) {
    throw postgresConnectError(url, error);
  }
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  } finally {
    await client.end();
  }
  console.log(`Reset ${redactUrl(url)}: schema "public" is empty; migrations apply on the next start (or npm run db:migrate).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Error: ${isDatabaseConfigError(error) ? error.message : (error as Error).message}`);
    process.exit(1);
  },
);
