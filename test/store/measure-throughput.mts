// Rough throughput of the engine on the Prisma SQLite store (not part of npm test; issue 7 brings the real harness).
// Run: npx tsx --tsconfig tsconfig.json test/store/measure-throughput.mts [workflows=200] [activities=10]
import { WorkflowRuntime, type WorkflowContext } from '../../lib/engine';
import { createPrismaStore } from '../../lib/store/prisma-store';
import { createTestDatabase } from '../support/databases';

const workflows = Number(process.argv[2] ?? 200);
const activities = Number(process.argv[3] ?? 10);
const db = await createTestDatabase('sqlite');
const runtime = new WorkflowRuntime({ store: createPrismaStore(db.prisma, 'sqlite'), pollIntervalMs: 50 });
runtime.registerActivityWithName('noop', (_ctx: unknown, n: number) => n + 1);
runtime.registerWorkflowWithName('steps', function* (ctx: WorkflowContext): Generator<unknown, number, number> {
  let n = 0;
  for (let i = 0; i < activities; i++) n = yield ctx.callActivity('noop', n);
  return n;
});
await runtime.start();
const client = runtime.client();
const started = performance.now();
const ids = await Promise.all(Array.from({ length: workflows }, (_, i) => client.scheduleNewWorkflow('steps', undefined, `w-${i}`)));
const states = await Promise.all(ids.map((id) => client.waitForWorkflowCompletion(id, false, 600)));
const seconds = (performance.now() - started) / 1000;
const completed = states.filter((s) => s?.runtimeStatus === 'COMPLETED').length;
console.log(
  `${completed}/${workflows} workflows x ${activities} activities in ${seconds.toFixed(2)} s: ` +
    `${((completed * activities) / seconds).toFixed(0)} activity steps/s, ${(completed / seconds).toFixed(1)} workflows/s`,
);
await runtime.stop();
await db.dispose();
