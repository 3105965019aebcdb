// Listing with large payloads (issue 12 item 5): 200 instances holding 900 KB inputs in a fresh SQLite database
// and a fresh PostgreSQL one, the app's GET /api/instances and GET /api/health handlers in a server process of
// their own (workers and gRPC off), then the list's latency alone and under 10 pollers, and the server's RSS.
//
//   npx tsx bench/list-scale.ts [--app <checkout>]... [--seconds 20] [--no-postgres] [--json]
//
// Each --app is a checkout whose handlers are served (default: this one); give an older copy first to compare
// before and after in one run. PostgreSQL: TEST_DATABASE_URL_PG's server, else a throwaway durable one.
// Then (bench/list-filters.ts) 100,000 instances per database and the list's p50 per filter kind and sort.
// --only payloads or --only filters runs one of the two parts; --analyze measures SQLite once more after ANALYZE.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowRuntime } from '../lib/engine';
import { createDatabaseStore } from '../lib/store/database-store';
import { MemoryInventory, registerBuiltInWorkflows } from '../lib/workflows';
import { freePort } from '../scripts/pg-cluster.mjs';
import { createPostgresBenchDatabase, createSqliteBenchDatabase, type BenchDatabase } from './bench-databases';
import { formatFilterTable, measureListFilters, type FilterFigures } from './list-filters';
import { withBenchPostgres } from './pg-server';

const INSTANCES = 200;
const INPUT_BYTES = 900 * 1024;
const POLLERS = 10;
/** Each poller asks for the list and the health every this many ms (the dashboard refetches its list every 1.5 s). */
const POLL_INTERVAL_MS = 1_000;
const IDLE_REQUESTS = 10;
const LIST_PATH = `/api/instances?limit=${INSTANCES}`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

/** Latency figures of one kind of request (ms), and how many failed. */
interface Latency {
  requests: number;
  failed: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** What one checkout's handlers did on one database. */
interface ListScaleFigures {
  app: string;
  database: 'sqlite' | 'postgresql';
  seedMs: number;
  listBytes: number;
  idleList: Latency;
  polledList: Latency;
  polledHealth: Latency;
  rssIdleMb: number;
  rssPeakMb: number;
  /** The peak of RSS's anonymous part (heap, buffers), without pages of files the process maps. */
  rssAnonPeakMb: number;
}

/** Seeds INSTANCES PENDING instances, each with a ~900 KB input of random (incompressible) text, through the engine's client. */
async function seed(db: BenchDatabase): Promise<number> {
  const started = performance.now();
  const store = createDatabaseStore(db.prisma, db.kind);
  const runtime = new WorkflowRuntime({ store, log: () => undefined });
  registerBuiltInWorkflows(runtime, { inventory: new MemoryInventory() });
  try {
    const client = runtime.client();
    for (let i = 0; i < INSTANCES; i++) {
      const blob = crypto.randomBytes((INPUT_BYTES * 3) / 4).toString('base64');
      await client.scheduleNewWorkflow('HelloSequenceWorkflow', { order: i, blob }, `big-${String(i).padStart(3, '0')}`);
    }
  } finally {
    await store.close();
  }
  return Math.round(performance.now() - started);
}

/** Starts the server of `app` on `url`'s database and resolves with it once it answers. */
async function startServer(app: string, databaseUrl: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_ROOT: app,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    FLOWDECK_WORKERS: 'off',
    FLOWDECK_GRPC_PORT: 'off',
    NODE_ENV: 'production',
  };
  delete env.WORKFLOW_API_TOKEN;
  delete env.DAPR_API_TOKEN;
  const server = path.join(root, 'bench', 'list-scale-server.ts');
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', server], { cwd: app, env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the list-scale server of ${app} exited with code ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

/** The resident set size of process `pid` and its anonymous part (MB), from /proc. */
function rssMb(pid: number): { total: number; anon: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024);
  return { total: mb('VmRSS'), anon: mb('RssAnon') };
}

/** GET `url`; its time (ms), whether it answered 200, and the body's size. */
async function timedGet(url: string): Promise<{ ms: number; ok: boolean; bytes: number }> {
  const start = performance.now();
  try {
    const response = await fetch(url);
    const body = await response.arrayBuffer();
    return { ms: performance.now() - start, ok: response.status === 200, bytes: body.byteLength };
  } catch {
    return { ms: performance.now() - start, ok: false, bytes: 0 };
  }
}

function latency(samples: { ms: number; ok: boolean }[]): Latency {
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1));
  return { requests: samples.length, failed: samples.filter((s) => !s.ok).length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
}

/** POLLERS loops, each GETting the list and the health together every POLL_INTERVAL_MS (never two polls at once) for `seconds`. */
async function poll(base: string, seconds: number): Promise<{ list: Latency; health: Latency }> {
  const list: { ms: number; ok: boolean }[] = [];
  const health: { ms: number; ok: boolean }[] = [];
  const end = performance.now() + seconds * 1000;
  const poller = async (index: number) => {
    await new Promise((resolve) => setTimeout(resolve, (index * POLL_INTERVAL_MS) / POLLERS));
    while (performance.now() < end) {
      const due = performance.now() + POLL_INTERVAL_MS;
      const [l, h] = await Promise.all([timedGet(base + LIST_PATH), timedGet(`${base}/api/health`)]);
      list.push(l);
      health.push(h);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
  };
  await Promise.all(Array.from({ length: POLLERS }, (_, i) => poller(i)));
  return { list: latency(list), health: latency(health) };
}

/** Seeds a fresh database, serves it with `app`'s handlers and measures the list alone and under the pollers. */
async function measure(app: string, createDatabase: () => Promise<BenchDatabase>, seconds: number): Promise<ListScaleFigures> {
  const db = await createDatabase();
  let child: ChildProcess | undefined;
  try {
    log(`  ${db.kind}, ${app}: seeding ${INSTANCES} instances with ${INPUT_BYTES / 1024} KB inputs`);
    const seedMs = await seed(db);
    const server = await startServer(app, db.url);
    child = server.child;
    const pid = child.pid!;
    const warm = await timedGet(server.base + LIST_PATH);
    if (!warm.ok) throw new Error(`GET ${LIST_PATH} failed on ${app}`);
    await timedGet(`${server.base}/api/health`);
    const idle: { ms: number; ok: boolean }[] = [];
    for (let i = 0; i < IDLE_REQUESTS; i++) idle.push(await timedGet(server.base + LIST_PATH));
    const rssIdleMb = rssMb(pid).total;
    let [rssPeakMb, rssAnonPeakMb] = [rssIdleMb, 0];
    const sampler = setInterval(() => {
      const rss = rssMb(pid);
      [rssPeakMb, rssAnonPeakMb] = [Math.max(rssPeakMb, rss.total), Math.max(rssAnonPeakMb, rss.anon)];
    }, 100);
    log(`  ${db.kind}, ${app}: ${POLLERS} pollers for ${seconds} s`);
    const polled = await poll(server.base, seconds).finally(() => clearInterval(sampler));
    return { app, database: db.kind, seedMs, listBytes: warm.bytes, idleList: latency(idle), polledList: polled.list, polledHealth: polled.health, rssIdleMb, rssPeakMb, rssAnonPeakMb };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await db.dispose();
  }
}

function formatTable(figures: ListScaleFigures[]): string {
  const l = (x: Latency) => `p50 ${x.p50Ms} / p95 ${x.p95Ms} / max ${x.maxMs} ms (${x.requests}${x.failed ? `, ${x.failed} failed` : ''})`;
  const lines = figures.map((f) =>
    [
      `${f.database}, ${f.app}`,
      `  list alone:        ${l(f.idleList)}, ${f.listBytes} bytes`,
      `  list, ${POLLERS} pollers:  ${l(f.polledList)}   target p50 <= 50 ms: ${f.polledList.p50Ms <= 50 ? 'met' : 'NOT met'}`,
      `  health, ${POLLERS} pollers: ${l(f.polledHealth)}`,
      `  server RSS:        ${f.rssIdleMb} MB idle, ${f.rssPeakMb} MB peak (${f.rssAnonPeakMb} MB anonymous)   target <= 500 MB: ${f.rssPeakMb <= 500 ? 'met' : 'NOT met'}`,
    ].join('\n'),
  );
  return lines.join('\n');
}

function flagValues(flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag && args[i + 1] ? [args[i + 1]] : []));
}

/** Serves this checkout's handlers on `databaseUrl` (for the filter part), with a stop that waits for the exit. */
async function serveThisApp(databaseUrl: string): Promise<{ base: string; stop(): Promise<void> }> {
  const { base, child } = await startServer(root, databaseUrl);
  return {
    base,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const apps = flagValues('--app').map((dir) => path.resolve(dir));
  if (!apps.length) apps.push(root);
  const seconds = Number(flagValues('--seconds')[0] ?? 20);
  const only = flagValues('--only')[0];
  const [payloads, filters] = [only !== 'filters', only !== 'payloads'];
  const figures: ListScaleFigures[] = [];
  const filterFigures: FilterFigures[] = [];
  if (payloads) for (const app of apps) figures.push(await measure(app, createSqliteBenchDatabase, seconds));
  if (filters) filterFigures.push(await measureListFilters(createSqliteBenchDatabase, serveThisApp, log));
  if (filters && args.includes('--analyze')) filterFigures.push(await measureListFilters(createSqliteBenchDatabase, serveThisApp, log, true));
  if (!args.includes('--no-postgres')) {
    await withBenchPostgres(log, async (serverUrl) => {
      if (payloads) for (const app of apps) figures.push(await measure(app, () => createPostgresBenchDatabase(serverUrl), seconds));
      if (filters) filterFigures.push(await measureListFilters(() => createPostgresBenchDatabase(serverUrl), serveThisApp, log));
    });
  }
  const date = new Date().toISOString();
  if (json) process.stdout.write(`${JSON.stringify({ date, pollers: POLLERS, pollIntervalMs: POLL_INTERVAL_MS, figures, filters: filterFigures }, null, 2)}\n`);
  else log([figures.length ? formatTable(figures) : '', filterFigures.length ? formatFilterTable(filterFigures) : ''].filter(Boolean).join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
