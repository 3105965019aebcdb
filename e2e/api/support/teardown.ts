// Playwright global teardown for the API suite: drops the PostgreSQL database and removes the SQLite directory it made.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** Deletes the API suite's databases (named in FLOWDECK_E2E_API_* by api-servers.ts). */
export default async function teardown(): Promise<void> {
  const sqlite = process.env.FLOWDECK_E2E_API_SQLITE_URL;
  if (sqlite?.startsWith('file:') && path.basename(path.dirname(sqlite.slice(5))).startsWith('flowdeck-e2e-api-')) {
    fs.rmSync(path.dirname(sqlite.slice(5)), { recursive: true, force: true });
  }
  const pgUrl = process.env.FLOWDECK_E2E_API_PG_URL;
  const serverUrl = process.env.TEST_DATABASE_URL_PG;
  if (!pgUrl || !serverUrl) return;
  const name = new URL(pgUrl).pathname.slice(1);
  if (!/^flowdeck_e2e_api_\w+$/.test(name)) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
