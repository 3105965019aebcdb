// `npm run bench`: the engine's throughput, latency, fan-out, long-history and HTTP-start figures on SQLite
// (and PostgreSQL when one is available), with the database's own commit rate as the ceiling. Not part of
// `npm test`. `npm run bench -- --json` prints one JSON object instead of the table; `--no-postgres` and
// `--no-http` leave those parts out. `--peers` also runs DBOS Transact (on the same PostgreSQL server) and Restate
// on the same workload and prints them side by side (bench/peers.ts); `--scale-out` adds 1-3 engine processes on
// one PostgreSQL database (bench/scale-out.ts); `--telemetry` the cost of metrics and tracing (bench/telemetry-cost.ts);
// `--instance-page` the instance page's long tasks in Chromium for big histories (bench/instance-page.ts; needs a build).
// See docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresBenchDatabase, createSqliteBenchDatabase, withAdmin } from '../bench/bench-databases';
import { postgresCeiling, sqliteCeiling, type Ceiling } from '../bench/ceiling';
import { formatInstancePage, runInstancePage } from '../bench/instance-page';
import { runEngineScenarios, type EngineFigures } from '../bench/engine-scenarios';
import { runGrpcScenario, type GrpcFigures } from '../bench/grpc-scenario';
import { runHttpStarts, type StartsFigures } from '../bench/http-starts';
import { ensurePeersInstalled, runDbos, runRestate, type PeerResult } from '../bench/peers';
import { formatPeers } from '../bench/peers-report';
import { withBenchPostgres } from '../bench/pg-server';
import { formatReport } from '../bench/report';
import { formatScaleOut, runScaleOut, type ScaleOutFigures } from '../bench/scale-out';
import { formatTelemetryCost, runTelemetryCost } from '../bench/telemetry-cost';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
const peers = process.argv.includes('--peers');
const scaleOut = process.argv.includes('--scale-out');
const telemetryCost = process.argv.includes('--telemetry');
const instancePageRun = process.argv.includes('--instance-page');
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

/** Every figure of one database. */
export interface DatabaseFigures {
  ceiling: Ceiling;
  engine: EngineFigures;
  ratios: Record<string, number>;
  starts?: StartsFigures;
  grpc?: GrpcFigures | { skipped: string };
}

function ratios(engine: EngineFigures, ceiling: Ceiling): Record<string, number> {
  const r = (stepsPerSecond: number) => Number((stepsPerSecond / ceiling.commitsPerSecond).toFixed(3));
  return {
    throughput: r(engine.throughput.stepsPerSecond),
    latency: r((10 / engine.latency.p50Ms) * 1000),
    fanout: r((engine.fanout.activities / engine.fanout.wallMs) * 1000),
    long: r(1000 / engine.long.msPerStep),
  };
}

/** What ran on the bench's PostgreSQL server besides Flowdeck's figures: DBOS (--peers), the scale-out scenario. */
type OnPostgres = { dbos?: PeerResult; scaleOut?: ScaleOutFigures | { skipped: string } };

/** PostgreSQL skipped: so are the parts that run on its server. */
function skipPostgres(extra: OnPostgres, why: string): { skipped: string } {
  if (peers) extra.dbos = { skipped: `DBOS: ${why}` };
  if (scaleOut) extra.scaleOut = { skipped: why };
  return { skipped: why };
}

async function postgresFigures(extra: OnPostgres, peersSkipped: string | undefined): Promise<DatabaseFigures | { skipped: string }> {
  try {
    return await withBenchPostgres(log, async (serverUrl) => {
      const name = `flowdeck_bench_ceiling_${process.pid}`;
      await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      const ceiling = await postgresCeiling(u.toString());
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE "${name}"`));
      log(`PostgreSQL: ceiling ${ceiling.commitsPerSecond} commits/s`);
      const engine = await runEngineScenarios(() => createPostgresBenchDatabase(serverUrl), log);
      if (peers) extra.dbos = peersSkipped ? { skipped: peersSkipped } : await runDbos(serverUrl, log);
      if (scaleOut) extra.scaleOut = await runScaleOut(serverUrl, ceiling, log);
      return { ceiling, engine, ratios: ratios(engine, ceiling) };
    });
  } catch (error) {
    return skipPostgres(extra, `PostgreSQL not measured: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<void> {
  const commit = gitCommit();
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  const peersSkipped = peers ? ensurePeersInstalled(log) : undefined;
  if (peersSkipped) log(`peers: ${peersSkipped}`);
  log('SQLite: ceiling');
  const ceiling = sqliteCeiling();
  log(`SQLite: ceiling ${ceiling.commitsPerSecond} commits/s (${JSON.stringify(ceiling.durability)})`);
  const engine = await runEngineScenarios(createSqliteBenchDatabase, log);
  const starts = process.argv.includes('--no-http') ? { skipped: '--no-http' } : await runHttpStarts(process.env.BENCH_APP_DIR || root, log);
  const grpc = process.argv.includes('--no-grpc') ? { skipped: '--no-grpc' } : await runGrpcScenario(createSqliteBenchDatabase, log);
  const sqlite: DatabaseFigures = { ceiling, engine, ratios: ratios(engine, ceiling), starts, grpc };
  const restate = peers ? (peersSkipped ? { skipped: peersSkipped } : await runRestate(log)) : undefined;
  const onPostgres: OnPostgres = {};
  const postgresql = process.argv.includes('--no-postgres') ? skipPostgres(onPostgres, '--no-postgres') : await postgresFigures(onPostgres, peersSkipped);
  const peerFigures = restate && onPostgres.dbos ? { restate, dbos: onPostgres.dbos } : undefined;
  const telemetry = telemetryCost ? await runTelemetryCost(log) : undefined;
  const instancePage = instancePageRun ? await runInstancePage(process.env.BENCH_APP_DIR || root, log) : undefined;
  const report = { date: new Date().toISOString(), commit, machine, sqlite, postgresql, peers: peerFigures, scaleOut: onPostgres.scaleOut, telemetry, instancePage, peakRssMbProcess: Math.round(process.resourceUsage().maxRSS / 1024) };
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  process.stdout.write(formatReport(report));
  if (peerFigures) process.stdout.write(formatPeers({ sqlite, postgresql, ...peerFigures }));
  if (onPostgres.scaleOut) process.stdout.write('skipped' in onPostgres.scaleOut ? `\nScale-out: ${onPostgres.scaleOut.skipped}\n` : formatScaleOut(onPostgres.scaleOut));
  if (telemetry) process.stdout.write(`\n${formatTelemetryCost(telemetry).join('\n')}\n`);
  if (instancePage) process.stdout.write(`\n${formatInstancePage(instancePage).join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
