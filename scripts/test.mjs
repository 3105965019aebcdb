// npm test: the whole suite with real parts.
//   1. PostgreSQL: TEST_DATABASE_URL_PG if set, else a throwaway cluster from /usr/lib/postgresql/*/bin.
//   2. Browser: Playwright's own Chromium if installed, else /usr/bin/chromium.
//   3. vitest run (unit + integration on SQLite and PostgreSQL), then next build (if needed) + playwright test.
// A missing PostgreSQL or browser is a loud notice and a skip, except under CI=true where it fails the run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './build-state.mjs';
import { startThrowawayCluster } from './pg-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const ci = process.env.CI === 'true';
const require = createRequire(import.meta.url);

function loud(lines) {
  const bar = '!'.repeat(78);
  console.log(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n`);
}

let cluster;
let current;
// The browser tests' server gets its own SQLite file, never ./data.
const e2eDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-e2e-'));
const cleanup = () => {
  cluster?.stop();
  cluster = undefined;
  fs.rmSync(e2eDir, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    current?.kill(signal);
    cleanup();
    process.exit(130);
  });
}

/** Runs a command with inherited output; resolves to its exit code. */
function run(cmd, args, env) {
  return new Promise((resolve) => {
    current = spawn(cmd, args, { stdio: 'inherit', env });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    current.on('error', () => resolve(1));
  });
}

async function postgres() {
  if (process.env.TEST_DATABASE_URL_PG) {
    console.log('PostgreSQL: using TEST_DATABASE_URL_PG');
    return process.env.TEST_DATABASE_URL_PG;
  }
  try {
    cluster = await startThrowawayCluster();
    console.log(`PostgreSQL: throwaway cluster at ${cluster.url}`);
    return cluster.url;
  } catch (error) {
    const why = error.message.split('\n')[0];
    if (ci) {
      console.error(`Error: CI=true requires PostgreSQL, but none is available: ${why}`);
      process.exit(1);
    }
    loud([
      'PostgreSQL NOT AVAILABLE: the PostgreSQL tests are SKIPPED.',
      why,
      'Install it (apt-get install postgresql) or set TEST_DATABASE_URL_PG=postgresql://…',
    ]);
    return undefined;
  }
}

function browser() {
  try {
    const own = require('playwright-core').chromium.executablePath();
    if (own && fs.existsSync(own)) {
      console.log(`Browser: Playwright's Chromium (${own})`);
      return {};
    }
  } catch {
    // Playwright has no browser of its own here
  }
  const system = process.env.FLOWDECK_CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(system)) {
    console.log(`Browser: ${system}`);
    return { FLOWDECK_CHROMIUM_PATH: system };
  }
  if (ci) {
    console.error('Error: CI=true requires a browser, but neither Playwright\'s Chromium nor /usr/bin/chromium is installed');
    process.exit(1);
  }
  loud(['NO BROWSER: the end-to-end (Playwright) tests are SKIPPED.', 'Install one: apt-get install chromium']);
  return undefined;
}

const pgUrl = await postgres();
const browserEnv = browser();
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  FLOWDECK_E2E_DATABASE_URL: `file:${path.join(e2eDir, 'e2e.db')}`,
};
if (pgUrl) env.TEST_DATABASE_URL_PG = pgUrl;
else delete env.TEST_DATABASE_URL_PG;

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let failed = false;

console.log('\n=== vitest: unit and integration tests (SQLite' + (pgUrl ? ' + PostgreSQL' : ' only') + ') ===');
if ((await run(bin('vitest'), ['run'], env)) !== 0) failed = true;

if (browserEnv) {
  console.log('\n=== next build (if needed) + playwright: browser tests ===');
  if (!ensureBuild(root)) {
    console.error('Error: next build failed, the browser tests cannot run');
    failed = true;
  } else {
    if (!pgUrl) console.log('(reminder: PostgreSQL tests were SKIPPED, see the notice above)');
    if ((await run(bin('playwright'), ['test'], { ...env, ...browserEnv })) !== 0) failed = true;
  }
}

cleanup();
process.exit(failed ? 1 : 0);
