// A worker process of bench/recovery.ts: the engine of the checkout at APP_ROOT (this one or an older copy, to
// compare) on DATABASE_URL with the app's engine options (FLOWDECK_* variables, else the defaults: 30 s leases,
// 500 ms polling), running RecoveryChain workflows. Each activity run appends
// "<generation> start|done <instanceId> <taskId> <epoch ms>" to RECOVERY_LOG and takes ACTIVITY_MS. HEARTBEAT_HOST
// is the host its heartbeat records (ignored by a checkout without heartbeats). Prints "ready" once claiming.
// Run with cwd APP_ROOT (its tsconfig resolves `@/`).
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.env.APP_ROOT ?? process.cwd();
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(root, file)).href)) as T;

type Engine = typeof import('../lib/engine');
type Activity = import('../lib/engine').WorkflowActivityContext;
type Context = import('../lib/engine').WorkflowContext;
type Task = import('../lib/engine').Task<unknown>;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const logFile = process.env.RECOVERY_LOG!;
  const generation = process.env.GENERATION ?? '1';
  const activityMs = Number(process.env.ACTIVITY_MS ?? 50);
  const { WorkflowRuntime } = await load<Engine>('lib/engine/index.ts');
  const { createDatabaseStore } = await load<typeof import('../lib/store/database-store')>('lib/store/database-store.ts');
  const { createPrismaClient } = await load<typeof import('../lib/db/client')>('lib/db/client.ts');
  const { dialectOf } = await load<typeof import('../lib/db/config')>('lib/db/config.ts');
  const { engineOptionsFromEnv } = await load<typeof import('../lib/server/engine-env')>('lib/server/engine-env.ts');

  const prisma = createPrismaClient(url);
  const runtime = new WorkflowRuntime({
    store: createDatabaseStore(prisma, dialectOf(url)),
    ...engineOptionsFromEnv(),
    ...(process.env.HEARTBEAT_HOST ? { workerHost: process.env.HEARTBEAT_HOST } : {}),
    log: () => undefined,
  });
  runtime.registerActivityWithName('RecoveryStep', async (ctx: Activity, n: number) => {
    const run = `${ctx.getWorkflowInstanceId()} ${ctx.getWorkflowActivityId()}`;
    appendFileSync(logFile, `${generation} start ${run} ${Date.now()}\n`);
    await new Promise((r) => setTimeout(r, activityMs));
    appendFileSync(logFile, `${generation} done ${run} ${Date.now()}\n`);
    return n + 1;
  });
  runtime.registerWorkflowWithName('RecoveryChain', function* (ctx: Context, steps: number): Generator<Task, number, unknown> {
    let n = 0;
    for (let i = 0; i < steps; i++) n = (yield ctx.callActivity('RecoveryStep', n)) as number;
    return n;
  });
  const stop = async () => {
    await runtime.stop();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  await runtime.start();
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  console.error(`recovery worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
