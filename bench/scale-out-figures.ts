// The latency figures of bench/scale-out.ts (measured as bench/engine-scenarios.ts measures its own).

/** p50/p99/mean of one latency series (ms). */
export interface LatencyFigures {
  runs: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The figures of one series of times (ms). */
export function latencyOf(times: number[]): LatencyFigures {
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), meanMs: round(times.reduce((a, b) => a + b, 0) / times.length) };
}

/** Runs `runOne` (start a 10-step workflow and wait for it) 5 times untimed, then 100 times one at a time. */
export async function latencyRuns(runOne: (id: string) => Promise<void>, prefix = 'lat'): Promise<LatencyFigures> {
  for (let i = 0; i < 5; i++) await runOne(`${prefix}-warm-${i}`);
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    await runOne(`${prefix}-${i}`);
    times.push(performance.now() - started);
  }
  return latencyOf(times);
}
