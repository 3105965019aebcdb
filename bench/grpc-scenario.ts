// The `grpc` scenario of `npm run bench`: the same 500 x 10-activity throughput run and 10-step latency runs as
// the in-process scenarios, with the workflow code in a @dapr/dapr worker process connected over the sidecar.
import { spawn, type ChildProcess } from 'node:child_process';
import { processCpuMs } from './process-cpu';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowRuntime, type WorkflowClient } from '../lib/engine';
import type { EngineHost } from '../lib/server/engine-host';
import { startSidecarServer } from '../lib/sidecar/grpc-server';
import { engineOptionsFromEnv } from '../lib/server/engine-env';
import { createDatabaseStore } from '../lib/store/database-store';
import { createPrismaInventory } from '../lib/workflows/prisma-inventory';
import type { BenchDatabase } from './bench-databases';
import { SEQUENCE } from './bench-workflows';

/** Figures of the remote-worker scenario. */
export interface GrpcFigures {
  throughput: { instances: number; stepsPerInstance: number; wallMs: number; stepsPerSecond: number };
  /** CPU time per workflow step in the throughput run: Flowdeck's process and the SDK worker's (where the time goes). */
  cpuMsPerStep: { flowdeck: number; sdkWorker: number };
  latency: { runs: number; p50Ms: number; p99Ms: number };
  warnings: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const round = (n: number) => Number(n.toFixed(1));

function startWorker(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(process.env.BENCH_WORKER_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_WORKER_PROF] : []), path.join(here, 'grpc-worker.mjs')], {
    env: { ...process.env, DAPR_GRPC_PORT: String(port), DAPR_HTTP_PORT: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench's SDK worker exited (${code}) before it was ready`)));
    child.stdout!.once('data', () => {
      child.stdout!.resume(); // the SDK logs every work item at info on stdout: keep the pipe drained
      resolve(child);
    });
  });
}

async function run(client: WorkflowClient, id: string, steps: number): Promise<void> {
  await client.scheduleNewWorkflow(SEQUENCE, steps, id);
  const state = await client.waitForWorkflowCompletion(id, false, 600);
  if (state?.runtimeStatus !== 'COMPLETED') throw new Error(`bench workflow '${id}' ended ${state?.runtimeStatus}`);
}

/** Runs the remote-worker throughput and latency on a fresh database from `open`. */
export async function runGrpcScenario(open: () => Promise<BenchDatabase>, log: (line: string) => void): Promise<GrpcFigures> {
  log('  grpc: 500 x 10 activities and 100 sequential 10-step runs, workflow code in a @dapr/dapr worker process');
  let warnings = 0;
  const db = await open();
  const store = createDatabaseStore(db.prisma, db.kind);
  const runtime = new WorkflowRuntime({ store, log: () => void warnings++, ...engineOptionsFromEnv() });
  await runtime.start();
  const client = runtime.client();
  const host: EngineHost = { runtime, client, store, registry: runtime.registry, inventory: createPrismaInventory(db.prisma), prisma: db.prisma };
  const server = await startSidecarServer({ engineHost: async () => host, host: '127.0.0.1', port: 0, apiToken: undefined });
  const worker = await startWorker(server.port);
  try {
    await Promise.all(Array.from({ length: 100 }, (_, i) => run(client, `warm-${i}`, 10)));
    const cpuBefore = { flowdeck: process.cpuUsage(), worker: processCpuMs(worker.pid!) };
    const started = performance.now();
    await Promise.all(Array.from({ length: 500 }, (_, i) => run(client, `tp-${i}`, 10)));
    const wallMs = performance.now() - started;
    const flowdeckCpu = process.cpuUsage(cpuBefore.flowdeck);
    const workerCpuMs = processCpuMs(worker.pid!) - cpuBefore.worker;
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await run(client, `lat-${i}`, 10);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return {
      throughput: { instances: 500, stepsPerInstance: 10, wallMs: round(wallMs), stepsPerSecond: Math.round(5000 / (wallMs / 1000)) },
      cpuMsPerStep: { flowdeck: Number(((flowdeckCpu.user + flowdeckCpu.system) / 1000 / 5000).toFixed(3)), sdkWorker: Number((workerCpuMs / 5000).toFixed(3)) },
      latency: { runs: 100, p50Ms: round(times[49]), p99Ms: round(times[98]) },
      warnings,
    };
  } finally {
    worker.kill('SIGTERM');
    await server.stop(1000);
    await runtime.stop();
    await store.close();
    await db.dispose();
  }
}
