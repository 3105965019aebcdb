// Playwright projects and servers for the sign-in and roles suite (e2e/identity): a local OpenID provider, and one
// server on a fresh SQLite file and (with TEST_DATABASE_URL_PG) one on a fresh PostgreSQL database, each with the
// first admin from FLOWDECK_ADMIN_EMAIL/PASSWORD and the provider configured. Ports are kept in environment
// variables because the config is evaluated again in every worker.
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Project } from '@playwright/test';
import { createPostgresDatabase, server, type WebServer } from '../api/support/api-servers';

/** The first admin every identity server creates at start. */
export const FIRST_ADMIN = { email: 'ada@flowdeck.test', password: 'correct horse battery', name: 'Ada Admin' };
/** The OpenID provider's label on the sign-in page. */
export const OIDC_NAME = 'Test IdP';

/** The specs that run on the local-mode server (project identity-local) and nowhere else. */
const DEMO_USERS_SPECS = 'identity/demo-users*.spec.ts';

/** The identity projects (in the browser `browser` describes), the OpenID provider (to start before the servers that
 * discover it when they start) and the servers, to add to playwright.config.ts. */
export function identityTestSetup(freePort: () => string, browser: Project['use']): { projects: Project[]; provider: WebServer; webServers: WebServer[] } {
  const env = process.env;
  env.FLOWDECK_E2E_OIDC_PORT ||= freePort();
  env.FLOWDECK_E2E_ID_SQLITE_PORT ||= freePort();
  env.FLOWDECK_E2E_ID_SQLITE_URL ||= `file:${path.join(os.tmpdir(), `flowdeck-e2e-api-id-${process.pid}-${crypto.randomBytes(3).toString('hex')}`, 'id.db')}`;
  // The demo users spec needs local mode (no account yet), which it ends: a server of its own.
  env.FLOWDECK_E2E_ID_LOCAL_PORT ||= freePort();
  env.FLOWDECK_E2E_ID_LOCAL_URL ||= `file:${path.join(os.tmpdir(), `flowdeck-e2e-api-local-${process.pid}-${crypto.randomBytes(3).toString('hex')}`, 'local.db')}`;
  const pgServer = env.TEST_DATABASE_URL_PG?.trim();
  if (pgServer) {
    env.FLOWDECK_E2E_ID_PG_PORT ||= freePort();
    env.FLOWDECK_E2E_ID_PG_URL ||= createPostgresDatabase(pgServer);
  }
  const apps = [{ name: 'identity-sqlite', port: env.FLOWDECK_E2E_ID_SQLITE_PORT, url: env.FLOWDECK_E2E_ID_SQLITE_URL }];
  if (pgServer) apps.push({ name: 'identity-postgres', port: env.FLOWDECK_E2E_ID_PG_PORT!, url: env.FLOWDECK_E2E_ID_PG_URL! });
  const origins = apps.map((app) => `http://127.0.0.1:${app.port}`);
  const identityEnv = {
    FLOWDECK_ADMIN_EMAIL: FIRST_ADMIN.email,
    FLOWDECK_ADMIN_PASSWORD: FIRST_ADMIN.password,
    FLOWDECK_ADMIN_NAME: FIRST_ADMIN.name,
    FLOWDECK_OIDC_ISSUER: `http://127.0.0.1:${env.FLOWDECK_E2E_OIDC_PORT}`,
    FLOWDECK_OIDC_CLIENT_ID: 'flowdeck',
    FLOWDECK_OIDC_CLIENT_SECRET: 'flowdeck-test-secret',
    FLOWDECK_OIDC_NAME: OIDC_NAME,
    // Escalations come at most half a second after a due time (the approvals spec waits for one).
    FLOWDECK_APPROVAL_SWEEP_MS: '500',
    // Every spec signs in from 127.0.0.1: the per-address limit of password sign-ins would refuse the later ones.
    FLOWDECK_SIGN_IN_LIMIT: '500',
    // Viewers do not see TaskChainWorkflow's payloads (e2e/identity/hidden-payloads.spec.ts).
    FLOWDECK_VIEWER_HIDDEN_PAYLOADS: 'TaskChainWorkflow',
    ...(pgServer ? { FLOWDECK_E2E_PG_SERVER_URL: pgServer } : {}),
  };
  const provider: WebServer = {
    command: `node e2e/identity/oidc-provider.mjs ${env.FLOWDECK_E2E_OIDC_PORT} ${origins.join(',')}`,
    url: `http://127.0.0.1:${env.FLOWDECK_E2E_OIDC_PORT}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  };
  return {
    projects: [
      ...apps.map((app) => ({
        name: app.name,
        testMatch: 'identity/**/*.spec.ts',
        testIgnore: DEMO_USERS_SPECS,
        metadata: { database: app.name.endsWith('postgres') ? 'postgresql' : 'sqlite' },
        use: { ...browser, baseURL: `http://127.0.0.1:${app.port}` },
      })),
      { name: 'identity-local', testMatch: DEMO_USERS_SPECS, use: { ...browser, baseURL: `http://127.0.0.1:${env.FLOWDECK_E2E_ID_LOCAL_PORT}` } },
    ],
    provider,
    webServers: [...apps.map((app) => server(app.port, app.url, identityEnv)), server(env.FLOWDECK_E2E_ID_LOCAL_PORT, env.FLOWDECK_E2E_ID_LOCAL_URL, {})],
  };
}
