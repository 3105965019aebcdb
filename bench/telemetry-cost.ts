// The hot-path cost of metrics and tracing (issue 15 item 5): the throughput scenario (instances x 10 sequential
// activities) on fresh SQLite databases with telemetry off, with metrics (prom-client, polling the store as the app
// does), and with metrics + tracing exporting by OTLP/HTTP to a receiver in another process; the three interleaved
// over several rounds in one run, so load changes hit all alike. Prints medians and ratios to "off".
//
//   npx tsx bench/telemetry-cost.ts [--rounds 3] [--instances 300] [--json]     (also: npm run bench -- --telemetry)
import { spawn, type ChildProcess } from 'node:child_process';
import { WorkflowRuntime } from '../lib/engine';
import { combineTelemetry, NO_TELEMETRY, type EngineTelemetry } from '../lib/engine/telemetry';
import { createMetricsTelemetry } from '../lib/observability/metrics';
import { createTracingTelemetry } from '../lib/observability/tracing';
import { createDatabaseStore } from '../lib/store/database-store';
import { freePort } from '../scripts/pg-cluster.mjs';
import { createSqliteBenchDatabase } from './bench-databases';
import { registerBenchWorkflows, SEQUENCE } from './bench-workflows';

/** The three settings compared. */
export type TelemetryMode = 'off' | 'metrics' | 'metrics+tracing';

/** The figures of one mode: each round's steps/s, their median, and the ratio of the median to off's. */
export interface TelemetryCostFigures {
  rounds: Record<TelemetryMode, number[]>;
  median: Record<TelemetryMode, number>;
  ratioToOff: Record<TelemetryMode, number>;
  targets: { metrics: { ratio: number; met: boolean }; tracing: { ratio: number; met: boolean } };
  spansReceived: number;
}

const STEPS = 10;
const MODES: TelemetryMode[] = ['off', 'metrics', 'metrics+tracing'];

/** An OTLP/HTTP receiver in a child process: answers every export 200 and counts the bytes it got. */
async function startReceiver(): Promise<{ url: string; exports: () => Promise<number>; stop(): void }> {
  const port = await freePort();
  const script = `let n=0;require('http').createServer((q,s)=>{if(q.url==='/count'){s.end(String(n));return}q.on('data',()=>{});q.on('end',()=>{n++;s.writeHead(200,{'content-type':'application/json'});s.end('{}')})}).listen(${port},'127.0.0.1',()=>process.stdout.write('up'))`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  return { url, exports: async () => Number(await (await fetch(`${url}/count`)).text()), stop: () => child.kill() };
}

async function oneRound(mode: TelemetryMode, instances: number, receiverUrl: string): Promise<number> {
  const db = await createSqliteBenchDatabase();
  const store = createDatabaseStore(db.prisma, db.kind);
  const metrics = mode === 'off' ? undefined : createMetricsTelemetry({ store });
  // The OTLP exporter reads its endpoint from the environment when it is made.
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `${receiverUrl}/v1/traces`;
  const tracing = mode === 'metrics+tracing' ? createTracingTelemetry() : undefined;
  const telemetry: EngineTelemetry = combineTelemetry(metrics ?? NO_TELEMETRY, tracing?.telemetry ?? NO_TELEMETRY);
  const runtime = new WorkflowRuntime({ store, telemetry, log: () => undefined });
  registerBenchWorkflows(runtime);
  metrics?.start();
  await runtime.start();
  const client = runtime.client();
  const run = async (id: string) => {
    await client.scheduleNewWorkflow(SEQUENCE, STEPS, id);
    const state = await client.waitForWorkflowCompletion(id, false, 600);
    if (state?.runtimeStatus !== 'COMPLETED') throw new Error(`bench workflow '${id}' ended ${state?.runtimeStatus}`);
  };
  try {
    await Promise.all(Array.from({ length: 50 }, (_, i) => run(`warm-${i}`)));
    const started = performance.now();
    await Promise.all(Array.from({ length: instances }, (_, i) => run(`tc-${i}`)));
    return Math.round((instances * STEPS) / ((performance.now() - started) / 1000));
  } finally {
    await runtime.stop();
    await metrics?.stop();
    await tracing?.shutdown();
    await store.close();
    await db.dispose();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Runs the rounds (each mode once per round, in turn) and returns the figures. */
export async function runTelemetryCost(log: (line: string) => void, rounds = 3, instances = 300): Promise<TelemetryCostFigures> {
  const receiver = await startReceiver();
  const figures: Record<TelemetryMode, number[]> = { off: [], metrics: [], 'metrics+tracing': [] };
  try {
    log(`  telemetry cost: ${instances} instances x ${STEPS} activities on SQLite, ${rounds} rounds of off / metrics / metrics + tracing`);
    for (let round = 0; round < rounds; round++) {
      for (const mode of MODES) {
        const stepsPerSecond = await oneRound(mode, instances, receiver.url);
        figures[mode].push(stepsPerSecond);
        log(`    round ${round + 1}, ${mode}: ${stepsPerSecond} steps/s`);
      }
    }
    const med = Object.fromEntries(MODES.map((mode) => [mode, median(figures[mode])])) as Record<TelemetryMode, number>;
    const ratio = Object.fromEntries(MODES.map((mode) => [mode, Number((med[mode] / med.off).toFixed(3))])) as Record<TelemetryMode, number>;
    return {
      rounds: figures,
      median: med,
      ratioToOff: ratio,
      targets: { metrics: { ratio: ratio.metrics, met: ratio.metrics >= 0.97 }, tracing: { ratio: ratio['metrics+tracing'], met: ratio['metrics+tracing'] >= 0.85 } },
      spansReceived: await receiver.exports(),
    };
  } finally {
    receiver.stop();
  }
}

/** The figures as lines of the bench's report. */
export function formatTelemetryCost(f: TelemetryCostFigures): string[] {
  const pct = (ratio: number) => `${((1 - ratio) * 100).toFixed(1)}%`;
  return [
    'Telemetry cost (SQLite, median steps/s of the rounds):',
    `  off ${f.median.off}, metrics ${f.median.metrics} (${f.ratioToOff.metrics}x, cost ${pct(f.ratioToOff.metrics)}; target <= 3%: ${f.targets.metrics.met ? 'met' : 'NOT met'}),` +
      ` metrics + tracing ${f.median['metrics+tracing']} (${f.ratioToOff['metrics+tracing']}x, cost ${pct(f.ratioToOff['metrics+tracing'])}; target <= 15%: ${f.targets.tracing.met ? 'met' : 'NOT met'})`,
    `  rounds: off ${f.rounds.off.join(' / ')}; metrics ${f.rounds.metrics.join(' / ')}; metrics + tracing ${f.rounds['metrics+tracing'].join(' / ')}; OTLP exports received ${f.spansReceived}`,
  ];
}

if (process.argv[1]?.endsWith('telemetry-cost.ts')) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const json = process.argv.includes('--json');
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  runTelemetryCost(log, arg('--rounds', 3), arg('--instances', 300)).then(
    (figures) => {
      if (json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
      else for (const line of formatTelemetryCost(figures)) log(line);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
