// The hot-path cost of metrics and tracing (issue 15 item 5): the throughput scenario (instances x 10 sequential
// activities) on fresh SQLite databases with telemetry off, with metrics (prom-client, polling the store as the app
// does), and with metrics + tracing exporting by OTLP/HTTP to a receiver in another process. One unmeasured warm-up
// round, then the three in turn per round, the order reversed every other round (a round's later slots ran ~5%
// faster than its first in an off-against-off run), so load changes and order hit all alike. Each mode's ratio is
// the median over rounds of its steps/s over off's in the same round; the process's CPU time per step (both
// threads: the engine's and the span export worker's) is reported beside it.
//
//   npx tsx bench/telemetry-cost.ts [--rounds 6] [--instances 1000] [--json]     (also: npm run bench -- --telemetry)
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

/** One measured round of one mode: steps/s, and the process's CPU time per step (µs, user + system, all threads). */
export interface TelemetryRound {
  stepsPerSecond: number;
  cpuMicrosPerStep: number;
}

/** Each mode's rounds, the median steps/s and CPU per step, and the median of its per-round ratios to off's. */
export interface TelemetryCostFigures {
  rounds: Record<TelemetryMode, TelemetryRound[]>;
  median: Record<TelemetryMode, number>;
  cpuMicrosPerStep: Record<TelemetryMode, number>;
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

async function oneRound(mode: TelemetryMode, instances: number, receiverUrl: string): Promise<TelemetryRound> {
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
    // The export worker loads the OpenTelemetry SDK when it starts (a server's does so once, at boot): the flush
    // waits until it has and has exported the warm-up's spans, so the measured part sees only steady export work.
    await tracing?.forceFlush();
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: instances }, (_, i) => run(`tc-${i}`)));
    const used = process.cpuUsage(cpu);
    return {
      stepsPerSecond: Math.round((instances * STEPS) / ((performance.now() - started) / 1000)),
      cpuMicrosPerStep: Math.round((used.user + used.system) / (instances * STEPS)),
    };
  } finally {
    await runtime.stop();
    await metrics?.stop();
    await tracing?.shutdown();
    await store.close();
    await db.dispose();
  }
}

/** The median (the mean of the middle two for an even count). */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs the warm-up and the rounds (each mode once per round, the order reversed every other round) and returns the figures. */
export async function runTelemetryCost(log: (line: string) => void, rounds = 6, instances = 1000): Promise<TelemetryCostFigures> {
  const receiver = await startReceiver();
  const figures: Record<TelemetryMode, TelemetryRound[]> = { off: [], metrics: [], 'metrics+tracing': [] };
  try {
    log(`  telemetry cost: ${instances} instances x ${STEPS} activities on SQLite, a warm-up and ${rounds} rounds of off / metrics / metrics + tracing`);
    for (const mode of MODES) await oneRound(mode, Math.min(instances, 200), receiver.url);
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
        const figure = await oneRound(mode, instances, receiver.url);
        figures[mode].push(figure);
        log(`    round ${round + 1}, ${mode}: ${figure.stepsPerSecond} steps/s, ${figure.cpuMicrosPerStep} µs CPU per step`);
      }
    }
    const each = <T>(f: (mode: TelemetryMode) => T) => Object.fromEntries(MODES.map((mode) => [mode, f(mode)])) as Record<TelemetryMode, T>;
    const ratio = each((mode) => Number(median(figures[mode].map((r, i) => r.stepsPerSecond / figures.off[i].stepsPerSecond)).toFixed(3)));
    return {
      rounds: figures,
      median: each((mode) => median(figures[mode].map((r) => r.stepsPerSecond))),
      cpuMicrosPerStep: each((mode) => median(figures[mode].map((r) => r.cpuMicrosPerStep))),
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
  const rounds = (mode: TelemetryMode) => f.rounds[mode].map((r) => r.stepsPerSecond).join(' / ');
  return [
    'Telemetry cost (SQLite; steps/s and CPU per step: medians of the rounds; ratio: median of the per-round ratios to off):',
    `  off ${f.median.off} steps/s, ${f.cpuMicrosPerStep.off} µs CPU per step`,
    `  metrics ${f.median.metrics} steps/s, ${f.cpuMicrosPerStep.metrics} µs CPU per step: ${f.ratioToOff.metrics}x, cost ${pct(f.ratioToOff.metrics)}; target <= 3%: ${f.targets.metrics.met ? 'met' : 'NOT met'}`,
    `  metrics + tracing ${f.median['metrics+tracing']} steps/s, ${f.cpuMicrosPerStep['metrics+tracing']} µs CPU per step: ${f.ratioToOff['metrics+tracing']}x, cost ${pct(f.ratioToOff['metrics+tracing'])}; target <= 15%: ${f.targets.tracing.met ? 'met' : 'NOT met'}`,
    `  rounds (steps/s): off ${rounds('off')}; metrics ${rounds('metrics')}; metrics + tracing ${rounds('metrics+tracing')}; OTLP exports received ${f.spansReceived}`,
  ];
}

if (process.argv[1]?.endsWith('telemetry-cost.ts')) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const json = process.argv.includes('--json');
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  runTelemetryCost(log, arg('--rounds', 6), arg('--instances', 1000)).then(
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
