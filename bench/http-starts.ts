// The `starts` scenario: 1,000 workflow starts through the Dapr HTTP API of a running production server (scripts/serve.mjs, as `npm start`)
// (the production build in .next of the project, or of BENCH_APP_DIR when set, on a temp SQLite database and
// a free port).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../scripts/pg-cluster.mjs';
import { processCpuMs } from './process-cpu';

/** Figures of the starts scenario, or why it was skipped. */
/** `serverCpuMsPerStart`: the server process's user + system CPU over the timed starts, per start (steadier than starts/s on a loaded box). */
export type StartsFigures = { starts: number; concurrency: number; wallMs: number; startsPerSecond: number; serverCpuMsPerStart: number; workers: string } | { skipped: string };

const STARTS = 1_000;
const CONCURRENCY = 32;
const WORKFLOW = 'HelloSequenceWorkflow';

async function waitForServer(base: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/v1.0/workflows/dapr/warmup-probe`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('next start did not answer within 120 s');
}

/** Starts the app, sends 1,000 starts (32 at a time) and stops it; skips when there is no production build. */
export async function runHttpStarts(root: string, log: (line: string) => void): Promise<StartsFigures> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return { skipped: 'no production build in .next (run `npm run build` first)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-bench-http-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'http.db')}`, FLOWDECK_WORKERS: 'off', NEXT_TELEMETRY_DISABLED: '1' };
  delete env.WORKFLOW_API_TOKEN;
  delete env.DAPR_API_TOKEN;
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs'), '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
  try {
    log(`  starts: the production server on port ${port}, ${STARTS} starts, ${CONCURRENCY} in flight`);
    await waitForServer(base, child);
    const start = async (id: string) => {
      const response = await fetch(`${base}/v1.0/workflows/dapr/${WORKFLOW}/start?instanceID=${id}`, { method: 'POST', body: '"bench"', headers: { 'content-type': 'application/json' } });
      if (response.status !== 202) throw new Error(`start ${id}: HTTP ${response.status} ${await response.text()}`);
    };
    for (let i = 0; i < 50; i++) await start(`warm-${i}`);
    let next = 0;
    const cpuBefore = processCpuMs(child.pid!);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < STARTS) await start(`start-${next++}`);
      }),
    );
    const wallMs = performance.now() - started;
    const serverCpuMsPerStart = Number(((processCpuMs(child.pid!) - cpuBefore) / STARTS).toFixed(2));
    return { starts: STARTS, concurrency: CONCURRENCY, wallMs: Number(wallMs.toFixed(1)), startsPerSecond: Math.round(STARTS / (wallMs / 1000)), serverCpuMsPerStart, workers: 'off (the start path alone)' };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
