// An engine process of bench/scale-out.ts: a runtime with the bench's workflows (default options) on the
// PostgreSQL database DATABASE_URL, whose store counts its claims (empty ones too), items claimed and commits
// that lost their lease. It prints "ready" once claiming, zeroes the counts on SIGUSR2 (after the warm-up), and
// on SIGTERM stops and prints them as JSON. Asked over IPC (`{ run: id }`), it starts a 10-step workflow on its
// own client, waits for it (it runs here, or wherever it is claimed) and answers `{ id, ms }`: the same-process
// latency, measured between the cross-process runs of bench/scale-out.ts.
import { WorkflowRuntime, type WorkflowStore } from '../lib/engine';
import { createPrismaClient } from '../lib/db/client';
import { createDatabaseStore } from '../lib/store/database-store';
import { registerBenchWorkflows, SEQUENCE } from './bench-workflows';

/** What one engine process's store saw. */
export interface ClaimCounts {
  workflowClaims: number;
  workflowEmpty: number;
  workflowItems: number;
  activityClaims: number;
  activityEmpty: number;
  activityItems: number;
  leaseLost: number;
}

const zero = (): ClaimCounts => ({ workflowClaims: 0, workflowEmpty: 0, workflowItems: 0, activityClaims: 0, activityEmpty: 0, activityItems: 0, leaseLost: 0 });

/** `store` with its claims and lost-lease commits counted in `counts()`. */
function counting(store: WorkflowStore): { store: WorkflowStore; counts(): ClaimCounts; reset(): void } {
  let counts = zero();
  const claims = { claimWorkflowWorkItems: ['workflowClaims', 'workflowEmpty', 'workflowItems'], claimActivityTasks: ['activityClaims', 'activityEmpty', 'activityItems'] } as const;
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (property === 'claimWorkflowWorkItems' || property === 'claimActivityTasks') {
        const [total, empty, items] = claims[property];
        return async (...args: unknown[]) => {
          const claimed = (await method(...args)) as unknown[];
          counts[total]++;
          counts[items] += claimed.length;
          if (claimed.length === 0) counts[empty]++;
          return claimed;
        };
      }
      if (property === 'commitWorkflowStep' || property === 'completeActivityTask') {
        return async (...args: unknown[]) => {
          try {
            return await method(...args);
          } catch (error) {
            if ((error as Error)?.name === 'LeaseLostError') counts.leaseLost++;
            throw error;
          }
        };
      }
      return method;
    },
  });
  return { store: proxy, counts: () => counts, reset: () => void (counts = zero()) };
}

async function main(): Promise<void> {
  const prisma = createPrismaClient(process.env.DATABASE_URL!);
  const store = createDatabaseStore(prisma, 'postgresql');
  const counted = counting(store);
  const runtime = new WorkflowRuntime({ store: counted.store, log: () => undefined });
  registerBenchWorkflows(runtime);
  await runtime.start();
  const finish = async (result: object) => {
    await runtime.stop();
    await store.close();
    await prisma.$disconnect();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  };
  const client = runtime.client();
  process.on('message', (message: { run: string }) => {
    const started = performance.now();
    void (async () => {
      await client.scheduleNewWorkflow(SEQUENCE, 10, message.run);
      const state = await client.waitForWorkflowCompletion(message.run, false, 600);
      if (state?.runtimeStatus !== 'COMPLETED') throw new Error(`bench workflow '${message.run}' ended ${state?.runtimeStatus}`);
      process.send!({ id: message.run, ms: performance.now() - started });
    })().catch((error: unknown) => process.send!({ id: message.run, error: String(error) }));
  });
  process.on('SIGUSR2', () => counted.reset());
  process.on('SIGTERM', () => void finish({ counts: counted.counts() }));
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  console.error(`scale-out worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
