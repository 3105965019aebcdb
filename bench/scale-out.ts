// The scale-out scenario (issue 16 item 4): 1, 2 and 3 engine processes (bench/scale-out-worker.ts) on one
// PostgreSQL database, fed by this process's client (no workers here): 500 x 10-step throughput and 100 sequential
// 10-step runs, with each process's claims counted (empty claims, items per claim, lost leases); and, with one
// engine process, the latency of a workflow started here and run there against one started and run there,
// alternately (so that a change of load on the machine affects both alike).
//   npx tsx bench/scale-out.ts [--json]        (also `npm run bench -- --scale-out`; see docs/BENCHMARKS.md)
// On TEST_DATABASE_URL_PG when set, else on a throwaway durable server (bench/pg-server.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowClient } from '../lib/engine';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../lib/engine/payload';
import { remoteWorkOf, WorkNotifier } from '../lib/engine/work-notifier';
import { createDatabaseStore } from '../lib/store/database-store';
import { createPostgresBenchDatabase, withAdmin } from './bench-databases';
import { SEQUENCE } from './bench-workflows';
import { postgresCeiling, type Ceiling } from './ceiling';
import { withBenchPostgres } from './pg-server';
import { latencyOf, latencyRuns, type LatencyFigures } from './scale-out-figures';
import type { ClaimCounts } from './scale-out-worker';

/** The figures of one process count. */
export interface ProcessesFigures {
  processes: number;
  throughput: { instances: number; wallMs: number; stepsPerSecond: number };
  latency: LatencyFigures;
  /** Counted over the throughput and latency runs, all processes together. */
  claims: ClaimCounts;
  /** Claims that returned nothing, of all claims (idle polls, wake-ups another process beat to the work). */
  emptyClaimFraction: number;
  /** Each process's share of the workflow steps claimed. */
  stepShares: number[];
}

/** What the scale-out scenario reports. */
export interface ScaleOutFigures {
  ceiling: Ceiling;
  runs: ProcessesFigures[];
  /** One engine process, alternately: started by this process's client vs started and run inside the engine process. */
  crossProcess: { sameProcess: LatencyFigures; crossProcess: LatencyFigures; ratio: number };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const INSTANCES = 500;
const STEPS = 10;

type Worker = { child: ChildProcess; lines: string[]; exited: Promise<number | null> };

function spawnWorker(url: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'scale-out-worker.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, FLOWDECK_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines: string[] = [];
  let rest = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

async function until(what: string, probe: () => boolean, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  while (!probe()) {
    if (gone) throw new Error(`an engine process exited before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The JSON its last line printed, once the process exited. */
async function resultOf<T>(worker: Worker): Promise<T> {
  const code = await worker.exited;
  const last = worker.lines.at(-1);
  if (code !== 0 || !last?.startsWith('{')) throw new Error(`an engine process exited ${code} without its figures`);
  return JSON.parse(last) as T;
}

function sum(counts: ClaimCounts[]): ClaimCounts {
  const total = { workflowClaims: 0, workflowEmpty: 0, workflowItems: 0, activityClaims: 0, activityEmpty: 0, activityItems: 0, leaseLost: 0 };
  for (const c of counts) for (const key of Object.keys(total) as (keyof ClaimCounts)[]) total[key] += c[key];
  return total;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** A client on its own store (no workers), woken by the engine processes' NOTIFYs; close() closes the store. */
function clientOn(db: Awaited<ReturnType<typeof createPostgresBenchDatabase>>) {
  const store = createDatabaseStore(db.prisma, 'postgresql');
  const client = new WorkflowClient({ store, notifier: new WorkNotifier(remoteWorkOf(store)), maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
  const runOne = async (id: string, steps = STEPS) => {
    await client.scheduleNewWorkflow(SEQUENCE, steps, id);
    const state = await client.waitForWorkflowCompletion(id, false, 600);
    if (state?.runtimeStatus !== 'COMPLETED') throw new Error(`bench workflow '${id}' ended ${state?.runtimeStatus}`);
  };
  return { runOne, close: () => store.close() };
}

/** One workflow started and awaited inside `worker` (its own client); resolves with the time it took there. */
function runInside(worker: Worker, id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { id: string; ms?: number; error?: string }) => {
      if (message.id !== id) return;
      worker.child.off('message', onMessage);
      if (message.error !== undefined || message.ms === undefined) reject(new Error(message.error));
      else resolve(message.ms);
    };
    worker.child.on('message', onMessage);
    worker.child.send({ run: id });
  });
}

/** 100 pairs (after 5): one started here and run by `worker`, one started and run inside `worker`. */
async function crossVersusSame(worker: Worker, runOne: (id: string) => Promise<void>): Promise<ScaleOutFigures['crossProcess']> {
  const cross: number[] = [];
  const same: number[] = [];
  const timed = async (id: string) => {
    const started = performance.now();
    await runOne(id);
    return performance.now() - started;
  };
  for (let i = 0; i < 105; i++) {
    const [c, s] = [await timed(`cross-${i}`), await runInside(worker, `same-${i}`)];
    if (i < 5) continue;
    cross.push(c);
    same.push(s);
  }
  const crossProcess = latencyOf(cross);
  const sameProcess = latencyOf(same);
  return { sameProcess, crossProcess, ratio: round(crossProcess.p50Ms / sameProcess.p50Ms, 2) };
}

async function withProcesses(serverUrl: string, processes: number): Promise<ProcessesFigures> {
  const db = await createPostgresBenchDatabase(serverUrl);
  const { runOne, close } = clientOn(db);
  const workers = Array.from({ length: processes }, () => spawnWorker(db.url));
  try {
    for (const w of workers) await until('it was ready', () => w.lines.includes('ready'), w.exited);
    await Promise.all(Array.from({ length: 100 }, (_, i) => runOne(`warm-${i}`)));
    for (const w of workers) w.child.kill('SIGUSR2');
    const started = performance.now();
    await Promise.all(Array.from({ length: INSTANCES }, (_, i) => runOne(`tp-${i}`)));
    const wallMs = performance.now() - started;
    const latency = await latencyRuns((id) => runOne(id));
    for (const w of workers) w.child.kill('SIGTERM');
    const counts = await Promise.all(workers.map((w) => resultOf<{ counts: ClaimCounts }>(w).then((r) => r.counts)));
    const claims = sum(counts);
    return {
      processes,
      throughput: { instances: INSTANCES, wallMs: round(wallMs), stepsPerSecond: Math.round((INSTANCES * STEPS) / (wallMs / 1000)) },
      latency,
      claims,
      emptyClaimFraction: round((claims.workflowEmpty + claims.activityEmpty) / Math.max(1, claims.workflowClaims + claims.activityClaims), 3),
      stepShares: counts.map((c) => round(c.workflowItems / Math.max(1, claims.workflowItems), 2)),
    };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await close();
    await db.dispose();
  }
}

/** Runs `body` against one engine process on a fresh database, fed by this process's client. */
async function withOneProcess<T>(serverUrl: string, body: (worker: Worker, runOne: (id: string) => Promise<void>) => Promise<T>): Promise<T> {
  const db = await createPostgresBenchDatabase(serverUrl);
  const { runOne, close } = clientOn(db);
  const worker = spawnWorker(db.url);
  try {
    await until('it was ready', () => worker.lines.includes('ready'), worker.exited);
    const result = await body(worker, runOne);
    worker.child.kill('SIGTERM');
    await worker.exited;
    return result;
  } finally {
    if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await close();
    await db.dispose();
  }
}

/** Runs the scale-out scenario on the PostgreSQL server at `serverUrl`; `ceiling` is that server's commit rate. */
export async function runScaleOut(serverUrl: string, ceiling: Ceiling, log: (line: string) => void): Promise<ScaleOutFigures> {
  const runs: ProcessesFigures[] = [];
  for (const processes of [1, 2, 3]) {
    log(`  scale-out: ${processes} engine process${processes > 1 ? 'es' : ''}, 500 x 10 steps and 100 sequential 10-step runs started from this process`);
    runs.push(await withProcesses(serverUrl, processes));
  }
  log('  scale-out: one engine process, 100 workflows started from this process and 100 started in it, alternately');
  return { ceiling, runs, crossProcess: await withOneProcess(serverUrl, crossVersusSame) };
}

/** The ceiling of the server at `serverUrl`, measured on a scratch database. */
export async function serverCeiling(serverUrl: string): Promise<Ceiling> {
  const name = `flowdeck_bench_ceiling_${process.pid}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  try {
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return await postgresCeiling(u.toString());
  } finally {
    await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

/** The scale-out figures as a text table. */
export function formatScaleOut(f: ScaleOutFigures): string {
  const c = f.ceiling;
  const lines = [
    `\nScale-out on PostgreSQL (ceiling ${c.commitsPerSecond} commits/s, ${Object.entries(c.durability).map(([k, v]) => `${k}=${v}`).join(' ')})`,
    '  processes  steps/s  x of 1  10-step p50  p99       empty claims  items/claim (wf, act)  lost leases  step shares',
  ];
  const base = f.runs[0].throughput.stepsPerSecond;
  for (const r of f.runs) {
    const k = r.claims;
    const perClaim = `${round(k.workflowItems / Math.max(1, k.workflowClaims - k.workflowEmpty))}, ${round(k.activityItems / Math.max(1, k.activityClaims - k.activityEmpty))}`;
    lines.push(
      `  ${String(r.processes).padEnd(9)}  ${String(r.throughput.stepsPerSecond).padEnd(7)}  ${`x${round(r.throughput.stepsPerSecond / base, 2)}`.padEnd(6)}  ${`${r.latency.p50Ms} ms`.padEnd(11)}  ${`${r.latency.p99Ms} ms`.padEnd(8)}  ${`${round(r.emptyClaimFraction * 100)} % of ${k.workflowClaims + k.activityClaims}`.padEnd(12)}  ${perClaim.padEnd(21)}  ${String(k.leaseLost).padEnd(11)}  ${r.stepShares.join(' / ')}`,
    );
  }
  const x = f.crossProcess;
  lines.push(
    `  started by another process, run by one engine process: p50 ${x.crossProcess.p50Ms} ms; started and run in that process: p50 ${x.sameProcess.p50Ms} ms; x${x.ratio} (target <= 2x: ${x.ratio <= 2 ? 'met' : 'NOT met'})`,
  );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const figures = await withBenchPostgres(log, async (serverUrl) => runScaleOut(serverUrl, await serverCeiling(serverUrl), log));
  process.stdout.write(json ? `${JSON.stringify(figures)}\n` : formatScaleOut(figures));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`scale-out: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
