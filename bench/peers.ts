// The peers of `npm run bench -- --peers` (issue 16): DBOS Transact on a fresh database of the PostgreSQL server
// Flowdeck's PostgreSQL figures ran on, and Restate's own server, each running the bench's workload in a child
// process (bench/peers/dbos-run.mjs, restate-run.mjs) that prints its figures as JSON. Their packages live in
// bench/peers/package.json (with its own lock file), out of the app's dependencies, installed on first use.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withAdmin } from './bench-databases';

/** One peer's figures, as its runner printed them. */
export interface PeerFigures {
  engine: string;
  version: string;
  throughput: { instances: number; stepsPerInstance: number; wallMs: number; stepsPerSecond: number; workflowsPerSecond: number };
  latency: { runs: number; p50Ms: number; p99Ms: number; meanMs: number };
  /** The durability it ran with (DBOS: the server's settings; Restate: its log's). */
  durability: Record<string, string>;
}

/** A peer's figures, or why it was not measured. */
export type PeerResult = PeerFigures | { skipped: string };

const peersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers');
const RUN_TIMEOUT_MS = 15 * 60_000;

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/** True when every dependency of bench/peers/package.json is installed at its version. */
function installed(): boolean {
  const { dependencies } = JSON.parse(fs.readFileSync(path.join(peersDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.entries(dependencies).every(([name, version]) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(peersDir, 'node_modules', name, 'package.json'), 'utf8')).version === version;
    } catch {
      return false;
    }
  });
}

/**
 * Installs bench/peers from its lock file (`npm ci`) unless it is installed; returns why that failed, naming an
 * unreachable registry as such, or undefined when the peers can run.
 */
export function ensurePeersInstalled(log: (line: string) => void): string | undefined {
  if (installed()) return undefined;
  log('peers: installing bench/peers (npm ci, first use; DBOS Transact and Restate)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: peersDir, encoding: 'utf8', timeout: 10 * 60_000 });
  if (result.status === 0 && installed()) return undefined;
  const lines = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.split('\n');
  const unreachable = lines.find((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo/.test(l));
  if (unreachable) return `the npm registry is unreachable, so bench/peers could not be installed (${unreachable.trim()}); run \`npm ci --prefix bench/peers\` where it is reachable`;
  return `installing bench/peers failed: ${lines.find((l) => l.startsWith('npm error'))?.trim() ?? `npm exited ${result.status}`}`;
}

/** Runs bench/peers/<script> with `env` and returns the JSON of its last stdout line. */
function runPeer(script: string, env: Record<string, string>): Promise<PeerFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(peersDir, script)], { cwd: peersDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout = (stdout + chunk).slice(-100_000)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-10_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      let result: (PeerFigures & { error?: undefined }) | { error: string } | undefined;
      try {
        result = JSON.parse(lastLine(stdout));
      } catch {
        result = undefined;
      }
      if (code === 0 && result && !result.error) resolve(result as PeerFigures);
      else reject(new Error(result?.error ?? `${script} exited ${code}: ${lastLine(stderr) || lastLine(stdout)}`));
    });
  });
}

async function measured(what: string, log: (line: string) => void, run: () => Promise<PeerFigures>): Promise<PeerResult> {
  log(`  ${what}: 500 x 10 no-op steps at once, then 100 sequential 10-step runs`);
  try {
    return await run();
  } catch (error) {
    return { skipped: `${what} not measured: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** DBOS Transact on a fresh database of the server at `serverUrl` (dropped afterwards). */
export function runDbos(serverUrl: string, log: (line: string) => void): Promise<PeerResult> {
  return measured('DBOS Transact', log, async () => {
    const name = `flowdeck_bench_dbos_${process.pid}`;
    await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
    try {
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      return await runPeer('dbos-run.mjs', { DBOS_SYSTEM_DATABASE_URL: u.toString() });
    } finally {
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
}

/** Restate: its server on loopback and free ports, in a temp directory, with the bench's service. */
export function runRestate(log: (line: string) => void): Promise<PeerResult> {
  return measured('Restate', log, () => runPeer('restate-run.mjs', { RESTATE_LOGGING: 'ERROR' }));
}
