// The side-by-side table of `npm run bench -- --peers` (issue 16): Flowdeck on SQLite and PostgreSQL, DBOS Transact
// and Restate, each peer figure as a ratio to Flowdeck's of the same run, then the ratio targets of issue 16
// item 2 with met / NOT met.
import type { Ceiling } from './ceiling';
import type { EngineFigures } from './engine-scenarios';
import type { PeerResult } from './peers';
import type { StartsFigures } from './http-starts';

type Flowdeck = { ceiling: Ceiling; engine: EngineFigures; starts?: StartsFigures };

/** What the peers table needs: Flowdeck's figures of the run and the peers'. */
export interface PeersReport {
  sqlite: Flowdeck;
  postgresql: Flowdeck | { skipped: string };
  restate: PeerResult;
  dbos: PeerResult;
}

const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
const x = (n: number) => `x${n.toFixed(2)}`;
const settings = (d: Record<string, string>) =>
  Object.entries(d)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd());
}

function flowdeckRow(name: string, f: Flowdeck): string[] {
  return [`Flowdeck`, `${name} (${settings(f.ceiling.durability)}; ceiling ${f.ceiling.commitsPerSecond} commits/s)`, String(f.engine.throughput.stepsPerSecond), `${f.engine.latency.p50Ms} ms`, ''];
}

function peerRow(peer: PeerResult, store: string, against: { name: string; f: Flowdeck }[]): string[] {
  if ('skipped' in peer) return [peer.skipped, '', '', '', ''];
  const ratios = against.map(({ name, f }) => `${x(peer.throughput.stepsPerSecond / f.engine.throughput.stepsPerSecond)} / ${x(peer.latency.p50Ms / f.engine.latency.p50Ms)} of Flowdeck on ${name}`);
  return [`${peer.engine} ${peer.version}`, `${store} (${settings(peer.durability)})`, String(peer.throughput.stepsPerSecond), `${peer.latency.p50Ms} ms`, ratios.join('; ')];
}

function targets(r: PeersReport): string[][] {
  const s = r.sqlite;
  const tp = s.engine.throughput.stepsPerSecond;
  const commitMs = 1000 / s.ceiling.commitsPerSecond;
  const out: string[][] = [];
  if ('skipped' in r.restate) out.push(['SQLite throughput >= 3.5 x Restate', 'Restate not measured', '']);
  else out.push(['SQLite throughput >= 3.5 x Restate', x(tp / r.restate.throughput.stepsPerSecond), check(tp >= 3.5 * r.restate.throughput.stepsPerSecond)]);
  out.push(['SQLite throughput >= 1.5 x single-commit ceiling', x(tp / s.ceiling.commitsPerSecond), check(tp >= 1.5 * s.ceiling.commitsPerSecond)]);
  const bound = 3 * 10 * commitMs;
  out.push([`SQLite 10-step p50 <= 3 x (10 x one commit) = ${bound.toFixed(1)} ms`, `${s.engine.latency.p50Ms} ms`, check(s.engine.latency.p50Ms <= bound)]);
  out.push(['SQLite fan-out of 1,000 <= 100 ms', `${s.engine.fanout.wallMs} ms`, check(s.engine.fanout.wallMs <= 100)]);
  out.push(['1,000-step per step <= 1.2 x 10-step per step', x(s.engine.long.ratioToShort), check(s.engine.long.ratioToShort <= 1.2)]);
  if ('skipped' in r.postgresql || 'skipped' in r.dbos) {
    out.push(['PostgreSQL throughput >= 3 x DBOS, p50 <= DBOS', 'skipped' in r.postgresql ? 'PostgreSQL not measured' : 'DBOS not measured', '']);
  } else {
    const pg = r.postgresql.engine;
    out.push(['PostgreSQL throughput >= 3 x DBOS', x(pg.throughput.stepsPerSecond / r.dbos.throughput.stepsPerSecond), check(pg.throughput.stepsPerSecond >= 3 * r.dbos.throughput.stepsPerSecond)]);
    out.push(['PostgreSQL 10-step p50 <= DBOS', `${pg.latency.p50Ms} ms vs ${r.dbos.latency.p50Ms} ms`, check(pg.latency.p50Ms <= r.dbos.latency.p50Ms)]);
  }
  const starts = s.starts && !('skipped' in s.starts) ? `${s.starts.startsPerSecond} starts/s` : 'not measured';
  out.push(['HTTP starts/s >= 1.5 x before the change', starts, 'compare with the same sitting\'s "before" run (docs/BENCHMARKS.md)']);
  return out;
}

/** The peers table and the targets, as text. */
export function formatPeers(r: PeersReport): string {
  const rows = [['engine', 'store', 'steps/s', '10-step p50', 'peer / Flowdeck (steps/s, p50)'], flowdeckRow('SQLite', r.sqlite)];
  if (!('skipped' in r.postgresql)) rows.push(flowdeckRow('PostgreSQL', r.postgresql));
  const against = [{ name: 'SQLite', f: r.sqlite }, ...('skipped' in r.postgresql ? [] : [{ name: 'PostgreSQL', f: r.postgresql }])];
  rows.push(peerRow(r.dbos, 'PostgreSQL, same server', against.filter((a) => a.name === 'PostgreSQL')));
  rows.push(peerRow(r.restate, 'its own log and state, RocksDB', against));
  return [
    '\nPeers, same run (500 x 10 no-op steps at once; one 10-step workflow at a time, 100 runs; all durable)',
    ...pad(rows),
    '\nRatio targets (issue 16 item 2)',
    ...pad(targets(r)),
    '',
  ].join('\n');
}
