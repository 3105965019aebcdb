// The two scenarios of `npm run bench -- --peers`, the same as Flowdeck's (bench/engine-scenarios.ts): 500 workflows
// of 10 no-op steps at once (after a 100-workflow warm-up), then one 10-step workflow at a time, 100 runs (after 5).
// `runOne(id, steps)` starts a workflow and resolves once it completed. Prints nothing; returns the figures.

const INSTANCES = 500;
const STEPS = 10;

const round = (n, digits = 1) => Number(n.toFixed(digits));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Throughput and latency of `runOne` as Flowdeck's bench measures its own. */
export async function measure(runOne) {
  await Promise.all(Array.from({ length: 100 }, (_, i) => runOne(`warm-${i}`, STEPS)));
  const started = performance.now();
  await Promise.all(Array.from({ length: INSTANCES }, (_, i) => runOne(`tp-${i}`, STEPS)));
  const wallMs = performance.now() - started;
  const throughput = {
    instances: INSTANCES,
    stepsPerInstance: STEPS,
    wallMs: round(wallMs),
    stepsPerSecond: Math.round((INSTANCES * STEPS) / (wallMs / 1000)),
    workflowsPerSecond: round(INSTANCES / (wallMs / 1000)),
  };
  for (let i = 0; i < 5; i++) await runOne(`lat-warm-${i}`, STEPS);
  const times = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    await runOne(`lat-${i}`, STEPS);
    times.push(performance.now() - t);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const latency = { runs: times.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), meanMs: round(times.reduce((a, b) => a + b, 0) / times.length) };
  return { throughput, latency };
}

/** Writes the result as the last line of stdout (the bench parses that line) and exits. */
export function finish(result) {
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Reports a failure as the last line of stdout and exits 1. */
export function fail(error) {
  process.stdout.write(`\n${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
}
