// One API test server: migrate DATABASE_URL, run the production server (scripts/serve.mjs), and when Playwright stops it (SIGTERM to the
// process group) wait for the server to exit, then delete the database it was given (see api-servers.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const port = process.argv[2];
const url = process.env.DATABASE_URL ?? '';

const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.mts'], { stdio: 'inherit' });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const server = spawn(process.execPath, ['scripts/serve.mjs', '-H', '127.0.0.1', '-p', port], { stdio: 'inherit' });
const exited = new Promise((resolve) => server.once('exit', resolve));

/** Deletes the SQLite directory or the PostgreSQL database this run created (only names api-servers.ts makes). */
async function dropDatabase() {
  if (url.startsWith('file:')) {
    const dir = path.dirname(url.slice('file:'.length));
    if (path.basename(dir).startsWith('flowdeck-e2e-api-')) fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  const name = new URL(url).pathname.slice(1);
  const serverUrl = process.env.FLOWDECK_E2E_PG_SERVER_URL;
  if (!serverUrl || !/^flowdeck_e2e_api_\w+$/.test(name)) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    if (server.exitCode === null) server.kill(signal);
    await exited;
    await dropDatabase().catch((error) => console.error(`could not delete the test database: ${error.message}`));
    process.exit(0);
  });
}
server.on('exit', (code) => {
  if (!stopping) process.exit(code ?? 1);
});
