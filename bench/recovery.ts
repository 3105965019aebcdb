// Crash recovery (issue 12 item 2): how soon the activities a SIGKILLed worker had in flight run again, with the
// default 30 s leases. Worker processes (bench/recovery-worker.ts) run RecoveryChain workflows on a fresh
// database; the first one holds every instance's first activity in flight (each takes 2 s) when it is killed.
//
//   sqlite restart           the killed process is restarted on the same SQLite file at once (as a supervisor would)
//   sqlite survivor          a second process on the same SQLite file was running all along
//   postgresql survivor      a second process on the same PostgreSQL database was running, as if on another machine
//                            (its heartbeat names another host: it cannot check the dead one's process ID)
//   postgresql same host     the same, both on this host
//
//   npx tsx bench/recovery.ts [--app <checkout>]... [--instances 100] [--no-postgres] [--json]
//
// Each --app is a checkout whose engine the workers run (default: this one); give an older copy first to compare
// before and after in one run. PostgreSQL: TEST_DATABASE_URL_PG's server, else a throwaway durable one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowClient } from '../lib/engine';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../lib/engine/payload';
import { createDatabaseStore } from '../lib/store/database-store';
import { createPostgresBenchDatabase, createSqliteBenchDatabase, type BenchDatabase } from './bench-databases';
import { withBenchPostgres } from './pg-server';

/** Activities of one RecoveryChain instance. */
const STEPS = 5;
/** How long each activity of the process to be killed takes (ms): long enough to be in flight when it dies. */
const DOOMED_ACTIVITY_MS = 2_000;
/** How long the other processes' activities take (ms). */
const ACTIVITY_MS = 50;

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

type Scenario = 'sqlite restart' | 'sqlite survivor' | 'postgresql survivor' | 'postgresql same host';

/** What one scenario measured (ms from the kill unless named otherwise). */
export interface RecoveryFigures {
  scenario: Scenario;
  app: string;
  /** Activities the killed process had started and not finished. */
  inFlightAtKill: number;
  /** How many of them ran again. */
  rerun: number;
  firstRerunMs: number;
  lastRerunMs: number;
  /** From the restart (the new process spawned) to the first re-run; restart scenarios only. */
  firstRerunAfterRestartMs?: number;
  /** From the restart to the new process claiming work. */
  bootMs?: number;
  /** Until every instance completed. */
  allCompletedMs: number;
}

type Run = { generation: string; phase: string; key: string; at: number };

function readRuns(file: string): Run[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [generation, phase, instanceId, taskId, at] = line.split(' ');
      return { generation, phase, key: `${instanceId} ${taskId}`, at: Number(at) };
    });
}

function unfinished(file: string, generation: string): Set<string> {
  const runs = readRuns(file).filter((r) => r.generation === generation);
  const done = new Set(runs.filter((r) => r.phase === 'done').map((r) => r.key));
  return new Set(runs.filter((r) => r.phase === 'start' && !done.has(r.key)).map((r) => r.key));
}

/** Starts a worker of `app` and resolves once it is claiming work. */
async function startWorker(app: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'recovery-worker.ts')], {
    cwd: app,
    env: { ...process.env, APP_ROOT: app, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the recovery worker of ${app} exited with code ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
  });
  return child;
}

async function stopWorker(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs one scenario with `app`'s engine on a fresh database. */
async function measure(scenario: Scenario, app: string, createDatabase: () => Promise<BenchDatabase>, instances: number): Promise<RecoveryFigures> {
  const db = await createDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-recovery-'));
  const logFile = path.join(dir, 'runs.log');
  const store = createDatabaseStore(db.prisma, db.kind);
  const env = { DATABASE_URL: db.url, RECOVERY_LOG: logFile };
  const twoHosts = scenario === 'postgresql survivor';
  const workers: ChildProcess[] = [];
  try {
    const doomed = await startWorker(app, { ...env, GENERATION: 'killed', ACTIVITY_MS: String(DOOMED_ACTIVITY_MS), ...(twoHosts ? { HEARTBEAT_HOST: 'machine-a' } : {}) });
    workers.push(doomed);
    const client = new WorkflowClient({ store, maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
    const ids: string[] = [];
    for (let i = 0; i < instances; i++) ids.push(await client.scheduleNewWorkflow('RecoveryChain', STEPS, `recovery-${i}`));
    await until(() => unfinished(logFile, 'killed').size >= instances, 'the first activities to be in flight', 60_000);
    if (scenario !== 'sqlite restart') {
      workers.push(await startWorker(app, { ...env, GENERATION: 'next', ACTIVITY_MS: String(ACTIVITY_MS), ...(twoHosts ? { HEARTBEAT_HOST: 'machine-b' } : {}) }));
      await new Promise((r) => setTimeout(r, 1_500)); // the survivor has seen the other beat
    }
    await stopWorker(doomed, 'SIGKILL');
    const killedAt = Date.now();
    const inFlight = unfinished(logFile, 'killed');
    let restartedAt: number | undefined;
    let bootMs: number | undefined;
    if (scenario === 'sqlite restart') {
      restartedAt = Date.now();
      workers.push(await startWorker(app, { ...env, GENERATION: 'next', ACTIVITY_MS: String(ACTIVITY_MS) }));
      bootMs = Date.now() - restartedAt;
    }
    await until(async () => (await Promise.all(ids.map((id) => store.getInstance(id)))).every((r) => r?.status === 'COMPLETED'), 'every instance to complete', 180_000);
    const allCompletedMs = Date.now() - killedAt;
    const reruns = readRuns(logFile).filter((r) => r.generation === 'next' && r.phase === 'start' && inFlight.has(r.key));
    const firstReruns = new Map<string, number>();
    for (const r of reruns) if (!firstReruns.has(r.key)) firstReruns.set(r.key, r.at);
    const times = [...firstReruns.values()];
    const first = Math.min(...times);
    return {
      scenario,
      app,
      inFlightAtKill: inFlight.size,
      rerun: firstReruns.size,
      firstRerunMs: first - killedAt,
      lastRerunMs: Math.max(...times) - killedAt,
      ...(restartedAt !== undefined ? { firstRerunAfterRestartMs: first - restartedAt, bootMs } : {}),
      allCompletedMs,
    };
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
    await store.close();
    await db.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function flagValues(flag: string): string[] {
  return args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]] : []));
}

function table(figures: RecoveryFigures[]): string {
  const header = ['scenario', 'engine', 'in flight', 're-run', 'first re-run', 'last re-run', 'after restart (boot)', 'all done'];
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rows = figures.map((f) => [
    f.scenario,
    f.app,
    String(f.inFlightAtKill),
    String(f.rerun),
    s(f.firstRerunMs),
    s(f.lastRerunMs),
    f.firstRerunAfterRestartMs !== undefined ? `${s(f.firstRerunAfterRestartMs)} (${s(f.bootMs!)})` : '',
    s(f.allCompletedMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const apps = (flagValues('--app').length ? flagValues('--app') : [path.resolve(here, '..')]).map((dir) => path.resolve(dir));
  const instances = Number(flagValues('--instances')[0] ?? 100);
  const figures: RecoveryFigures[] = [];
  for (const scenario of ['sqlite restart', 'sqlite survivor'] as const) {
    for (const app of apps) {
      log(`${scenario}, ${app}`);
      figures.push(await measure(scenario, app, createSqliteBenchDatabase, instances));
    }
  }
  if (!args.includes('--no-postgres')) {
    await withBenchPostgres(log, async (serverUrl) => {
      for (const scenario of ['postgresql survivor', 'postgresql same host'] as const) {
        for (const app of apps) {
          log(`${scenario}, ${app}`);
          figures.push(await measure(scenario, app, () => createPostgresBenchDatabase(serverUrl), instances));
        }
      }
    });
  }
  if (json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), instances, steps: STEPS, figures }, null, 2)}\n`);
  else log(`\n${table(figures)}`);
}

main().catch((error: unknown) => {
  console.error(`bench/recovery: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
