// Playwright projects and servers for the HTTP API suite: one `next start` on a fresh SQLite file (with an API
// token, to exercise auth) and, when TEST_DATABASE_URL_PG names a server, one on a fresh PostgreSQL database
// (without a token, so the README's curl commands run exactly as written). Chosen once: the config is
// evaluated again in every worker, so ports and URLs are kept in environment variables.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { PlaywrightTestConfig, Project } from '@playwright/test';

/** What a spec can read from `test.info().project.metadata`. */
export interface ApiProjectMetadata {
  database: 'sqlite' | 'postgresql';
  /** The API token the server requires (also sent by default with every request), if any. */
  token?: string;
}

export type WebServer = NonNullable<Exclude<PlaywrightTestConfig['webServer'], unknown[]>>;

/** The API token of the SQLite API server. */
export const SQLITE_API_TOKEN = 'e2e-api-token';

/** Creates a PostgreSQL database on the server of `serverUrl` and returns its URL (synchronously, for the config). */
export function createPostgresDatabase(serverUrl: string): string {
  const name = `flowdeck_e2e_api_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const script = `const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('CREATE DATABASE ${name}')).then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})`;
  execFileSync(process.execPath, ['-e', script, serverUrl], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function server(port: string, databaseUrl: string, extraEnv: Record<string, string>): WebServer {
  return {
    // Migrates first (as `npm start` does), serves the existing production build, deletes the database when stopped.
    command: `node e2e/api/support/serve-api.mjs ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: { DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1', FLOWDECK_POLL_INTERVAL_MS: '100', FLOWDECK_METRICS_POLL_MS: '1000', FLOWDECK_GRPC_PORT: 'off', ...extraEnv },
  };
}

/** The API projects and their servers, to add to playwright.config.ts. */
export function apiTestSetup(freePort: () => string): { projects: Project[]; webServers: WebServer[] } {
  const env = process.env;
  env.FLOWDECK_E2E_API_SQLITE_PORT ||= freePort();
  // Only named here (the server creates the directory and deletes it when stopped): the config is loaded by processes that start no server.
  env.FLOWDECK_E2E_API_SQLITE_URL ||= `file:${path.join(os.tmpdir(), `flowdeck-e2e-api-${process.pid}-${crypto.randomBytes(3).toString('hex')}`, 'api.db')}`;
  const pgServer = env.TEST_DATABASE_URL_PG?.trim();
  if (!pgServer && env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL_PG is not set: the PostgreSQL API tests cannot be skipped in CI (run `npm test`)');
  if (pgServer) {
    env.FLOWDECK_E2E_API_PG_PORT ||= freePort();
    env.FLOWDECK_E2E_API_PG_URL ||= createPostgresDatabase(pgServer);
  }
  const sqliteMeta: ApiProjectMetadata = { database: 'sqlite', token: SQLITE_API_TOKEN };
  const projects: Project[] = [
    {
      name: 'api-sqlite',
      testMatch: 'api/**/*.spec.ts',
      metadata: sqliteMeta,
      use: { baseURL: `http://127.0.0.1:${env.FLOWDECK_E2E_API_SQLITE_PORT}`, extraHTTPHeaders: { 'dapr-api-token': SQLITE_API_TOKEN } },
    },
  ];
  const webServers = [server(env.FLOWDECK_E2E_API_SQLITE_PORT, env.FLOWDECK_E2E_API_SQLITE_URL, { WORKFLOW_API_TOKEN: SQLITE_API_TOKEN })];
  if (pgServer) {
    const pgMeta: ApiProjectMetadata = { database: 'postgresql' };
    // This server runs without a token (so the README's curl commands run as written): the auth spec runs on SQLite only.
    projects.push({
      name: 'api-postgres',
      testMatch: 'api/**/*.spec.ts',
      testIgnore: 'api/auth.spec.ts',
      metadata: pgMeta,
      use: { baseURL: `http://127.0.0.1:${env.FLOWDECK_E2E_API_PG_PORT}` },
    });
    webServers.push(server(env.FLOWDECK_E2E_API_PG_PORT!, env.FLOWDECK_E2E_API_PG_URL!, { FLOWDECK_E2E_PG_SERVER_URL: pgServer }));
  }
  return { projects, webServers };
}
