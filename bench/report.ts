// The human-readable table of `npm run bench`, with each target of issue 7 and whether it was met.
import type { Ceiling } from './ceiling';
import type { EngineFigures } from './engine-scenarios';
import type { GrpcFigures } from './grpc-scenario';
import type { StartsFigures } from './http-starts';

type Figures = { ceiling: Ceiling; engine: EngineFigures; ratios: Record<string, number>; starts?: StartsFigures; grpc?: GrpcFigures | { skipped: string } };

/** What `npm run bench` reports. */
export interface BenchReport {
  date: string;
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  sqlite: Figures;
  postgresql: Figures | { skipped: string };
  peakRssMbProcess: number;
}

const check = (ok: boolean) => (ok ? 'met' : 'NOT met');

function rows(f: Figures, targets: boolean): string[][] {
  const { throughput, latency, fanout, long } = f.engine;
  const t = (text: string) => (targets ? text : '');
  const out = [
    ['ceiling', `${f.ceiling.commitsPerSecond} single-row commits/s`, Object.entries(f.ceiling.durability).map(([k, v]) => `${k}=${v}`).join(' '), ''],
    ['throughput', `${throughput.stepsPerSecond} steps/s, ${throughput.workflowsPerSecond} workflows/s, ${throughput.wallMs} ms`, `ratio ${f.ratios.throughput}`, t(`>= 5000 steps/s: ${check(throughput.stepsPerSecond >= 5000)}`)],
    ['latency', `p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms (mean ${latency.meanMs})`, `ratio ${f.ratios.latency}`, t(`p50 <= 15, p99 <= 50: ${check(latency.p50Ms <= 15 && latency.p99Ms <= 50)}`)],
    ['fanout', `${fanout.activities} activities in ${fanout.wallMs} ms`, `ratio ${f.ratios.fanout}`, t(`<= 2000 ms: ${check(fanout.wallMs <= 2000)}`)],
    ['long', `${long.steps} steps, ${long.msPerStep} ms/step (10-step: ${long.shortMsPerStep})`, `x${long.ratioToShort} of 10-step`, t(`within 2x: ${check(long.ratioToShort <= 2)}`)],
    ['memory', `peak RSS ${throughput.peakRssMb} MB in throughput`, '', t(`<= 500 MB: ${check(throughput.peakRssMb <= 500)}`)],
  ];
  if (f.starts) {
    out.push(
      'skipped' in f.starts
        ? ['starts', `skipped: ${f.starts.skipped}`, '', t('>= 500/s: not measured')]
        : ['starts', `${f.starts.startsPerSecond} starts/s over HTTP (${f.starts.starts}, ${f.starts.concurrency} in flight; server CPU ${f.starts.serverCpuMsPerStart} ms/start)`, `workers ${f.starts.workers}`, t(`>= 500/s: ${check(f.starts.startsPerSecond >= 500)}`)],
    );
  }
  if (f.grpc) out.push(...grpcRows(f.grpc, f.engine, t));
  out.push(['warnings', String(f.engine.warnings), '', '']);
  return out;
}

/** The remote-worker rows, as ratios to the in-process figures of the same run. */
function grpcRows(g: GrpcFigures | { skipped: string }, engine: EngineFigures, t: (text: string) => string): string[][] {
  if ('skipped' in g) return [['grpc', `skipped: ${g.skipped}`, '', '']];
  const tp = Number((g.throughput.stepsPerSecond / engine.throughput.stepsPerSecond).toFixed(2));
  const lat = Number((g.latency.p50Ms / engine.latency.p50Ms).toFixed(2));
  return [
    ['grpc throughput', `${g.throughput.stepsPerSecond} steps/s through a @dapr/dapr worker, ${g.throughput.wallMs} ms`, `x${tp} of in-process`, t(`>= 0.5x: ${check(tp >= 0.5)}`)],
    ['grpc latency', `p50 ${g.latency.p50Ms} ms, p99 ${g.latency.p99Ms} ms`, `x${lat} of in-process`, t(`p50 <= 2x: ${check(lat <= 2)}`)],
    ['grpc CPU', `${g.cpuMsPerStep.flowdeck} ms/step in Flowdeck, ${g.cpuMsPerStep.sdkWorker} ms/step in the SDK worker`, '', ''],
  ];
}

function table(title: string, body: string[][]): string {
  const widths = [0, 1, 2].map((i) => Math.max(...body.map((r) => r[i].length)));
  return [`\n${title}`, ...body.map((r) => `  ${r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ')}`.trimEnd())].join('\n');
}

/** The report as text tables (SQLite with the targets, then PostgreSQL). */
export function formatReport(report: BenchReport): string {
  const { machine } = report;
  const head = `Flowdeck bench ${report.date} commit ${report.commit}: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}`;
  const pg = 'skipped' in report.postgresql ? `\nPostgreSQL: ${report.postgresql.skipped}` : table('PostgreSQL', rows(report.postgresql, false));
  return `${head}\n${table('SQLite', rows(report.sqlite, true))}\n${pg}\n\npeak RSS of the whole run: ${report.peakRssMbProcess} MB\n`;
}
