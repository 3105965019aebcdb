// Browser tests against `next start` (a production build: `npm run build` first, or run them via `npm test`).
// This file is evaluated again in every worker, so the port and database are chosen once and kept in env vars.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, defineConfig, devices } from '@playwright/test';
import { apiTestSetup } from './e2e/api/support/api-servers';
import { identityTestSetup } from './e2e/identity/identity-servers';
import { startTogether } from './e2e/support/start-together';

function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

/** Playwright's own Chromium when installed, else Debian's (/usr/bin/chromium); FLOWDECK_CHROMIUM_PATH overrides. */
function chromiumExecutable(): string | undefined {
  if (process.env.FLOWDECK_CHROMIUM_PATH) return process.env.FLOWDECK_CHROMIUM_PATH;
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    // no browser downloaded for this Playwright version
  }
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

process.env.FLOWDECK_E2E_PORT ||= freePort();
// The dashboard server's gRPC sidecar, where the remote-workflow spec points its Dapr SDK app (DAPR_GRPC_PORT).
while (!process.env.FLOWDECK_E2E_GRPC_PORT || process.env.FLOWDECK_E2E_GRPC_PORT === process.env.FLOWDECK_E2E_PORT) {
  process.env.FLOWDECK_E2E_GRPC_PORT = freePort();
}
process.env.FLOWDECK_E2E_DATABASE_URL ||= `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-e2e-')), 'e2e.db')}`;
const port = process.env.FLOWDECK_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
const executablePath = chromiumExecutable();
// The HTTP API suite (e2e/api): its own servers on fresh SQLite and PostgreSQL databases.
const api = apiTestSetup(freePort);
/** Chromium as every browser project uses it. */
const browser = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath,
    // Keep Chromium's background DNS lookups off the (offline) network.
    args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
  },
};
// Sign-in and roles (e2e/identity): servers with accounts and a local OpenID provider.
const identity = identityTestSetup(freePort, browser);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: process.env.CI === 'true',
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    // A screenshot and a trace of each failing test, to open with `npx playwright show-trace`. Not under CI=true: a
    // CI run keeps only its printed log, and recording a trace of every test (kept or not) costs CPU on two cores.
    screenshot: process.env.CI === 'true' ? 'off' : 'only-on-failure',
    trace: process.env.CI === 'true' ? 'off' : 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: ['api/**', 'identity/**'],
      use: browser,
    },
    ...api.projects,
    ...identity.projects,
    // The instance list's specs again against the PostgreSQL API server (no token there, so no sign-in): its
    // filters, sorts and exports run PostgreSQL's queries.
    ...(process.env.FLOWDECK_E2E_API_PG_PORT
      ? [
          {
            name: 'chromium-postgres',
            testMatch: 'dashboard/instance-list-*.spec.ts',
            use: { ...browser, baseURL: `http://127.0.0.1:${process.env.FLOWDECK_E2E_API_PG_PORT}` },
          },
        ]
      : []),
  ],
  // The OpenID provider first; then every server at once (see e2e/support/start-together.ts).
  webServer: [
    identity.provider,
    ...startTogether([
      {
        command: `node scripts/serve.mjs -H 127.0.0.1 -p ${port}`,
        url: baseURL,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: 'pipe',
        stderr: 'pipe',
        env: {
          DATABASE_URL: process.env.FLOWDECK_E2E_DATABASE_URL,
          FLOWDECK_GRPC_PORT: process.env.FLOWDECK_E2E_GRPC_PORT,
          // A retention the specs never reach: the System page shows its sweep's runs (e2e/dashboard/system.spec.ts).
          FLOWDECK_RETENTION_DAYS: '3650',
          NEXT_TELEMETRY_DISABLED: '1',
        },
      },
      ...api.webServers,
      ...identity.webServers,
    ]),
  ],
});
