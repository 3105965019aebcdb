// The engine scenarios of `npm run bench`: each runs on a fresh database with a fresh runtime (default options,
// or those the FLOWDECK_* variables set, e.g. FLOWDECK_DIRECT_HANDOVER=off for the queue-only path).
import { WorkflowRuntime, type WorkflowClient } from '../lib/engine';
import { engineOptionsFromEnv } from '../lib/server/engine-env';
import { createDatabaseStore } from '../lib/store/database-store';
import type { BenchDatabase } from './bench-databases';
import { FANOUT, registerBenchWorkflows, SEQUENCE } from './bench-workflows';

/** Figures of the engine scenarios on one database. */
export interface EngineFigures {
  throughput: { instances: number; stepsPerInstance: number; wallMs: number; stepsPerSecond: number; workflowsPerSecond: number; peakRssMb: number };
  latency: { runs: number; p50Ms: number; p99Ms: number; meanMs: number };
  fanout: { activities: number; wallMs: number };
  long: { steps: number; wallMs: number; msPerStep: number; shortMsPerStep: number; ratioToShort: number };
  /** Problems the workers logged (lost leases, retries); expected 0. */
  warnings: number;
}

type Running = { runtime: WorkflowRuntime; client: WorkflowClient; stop(): Promise<void> };

async function startEngine(db: BenchDatabase, onWarning: () => void): Promise<Running> {
  const store = createDatabaseStore(db.prisma, db.kind);
  const runtime = new WorkflowRuntime({ store, log: () => onWarning(), ...engineOptionsFromEnv() });
  registerBenchWorkflows(runtime);
  await runtime.start();
  return {
    runtime,
    client: runtime.client(),
    async stop() {
      await runtime.stop();
      await store.close();
    },
  };
}

async function scenario<T>(open: () => Promise<BenchDatabase>, onWarning: () => void, body: (client: WorkflowClient) => Promise<T>): Promise<T> {
  const db = await open();
  const engine = await startEngine(db, onWarning);
  try {
    return await body(engine.client);
  } finally {
    await engine.stop();
    await db.dispose();
  }
}

async function runToCompletion(client: WorkflowClient, id: string, workflow: string, input: number): Promise<void> {
  await client.scheduleNewWorkflow(workflow, input, id);
  const state = await client.waitForWorkflowCompletion(id, false, 600);
  if (state?.runtimeStatus !== 'COMPLETED') throw new Error(`bench workflow '${id}' ended ${state?.runtimeStatus}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Runs throughput, latency, fanout and long on fresh databases from `open`. */
export async function runEngineScenarios(open: () => Promise<BenchDatabase>, log: (line: string) => void): Promise<EngineFigures> {
  let warnings = 0;
  const warn = () => void warnings++;

  const instances = 500;
  const steps = 10;
  log('  throughput: 500 instances x 10 sequential activities (after a 100-instance warm-up)');
  const throughput = await scenario(open, warn, async (client) => {
    // Warm-up (JIT, statement cache), not timed: 100 instances.
    await Promise.all(Array.from({ length: 100 }, (_, i) => runToCompletion(client, `warm-${i}`, SEQUENCE, steps)));
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const ids = Array.from({ length: instances }, (_, i) => `tp-${i}`);
    await Promise.all(ids.map((id) => runToCompletion(client, id, SEQUENCE, steps)));
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      instances,
      stepsPerInstance: steps,
      wallMs: round(wallMs),
      stepsPerSecond: Math.round((instances * steps) / (wallMs / 1000)),
      workflowsPerSecond: round(instances / (wallMs / 1000)),
      peakRssMb: Math.round(peak / 2 ** 20),
    };
  });

  log('  latency: one 10-step workflow at a time, 100 runs');
  const latency = await scenario(open, warn, async (client) => {
    for (let i = 0; i < 5; i++) await runToCompletion(client, `warm-${i}`, SEQUENCE, steps);
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      await runToCompletion(client, `lat-${i}`, SEQUENCE, steps);
      times.push(performance.now() - started);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { runs: times.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), meanMs: round(times.reduce((a, b) => a + b, 0) / times.length) };
  });

  log('  fanout: one workflow, 1,000 activities');
  const fanout = await scenario(open, warn, async (client) => {
    const started = performance.now();
    await runToCompletion(client, 'fan', FANOUT, 1000);
    return { activities: 1000, wallMs: round(performance.now() - started) };
  });

  log('  long: one 1,000-step sequential workflow');
  const long = await scenario(open, warn, async (client) => {
    const started = performance.now();
    await runToCompletion(client, 'long', SEQUENCE, 1000);
    const wallMs = performance.now() - started;
    const shortMsPerStep = latency.p50Ms / steps;
    return { steps: 1000, wallMs: round(wallMs), msPerStep: round(wallMs / 1000, 3), shortMsPerStep: round(shortMsPerStep, 3), ratioToShort: round(wallMs / 1000 / shortMsPerStep, 2) };
  });

  return { throughput, latency, fanout, long, warnings };
}
