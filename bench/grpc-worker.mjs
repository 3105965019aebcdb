// The bench's remote SDK worker: a @dapr/dapr app in its own process (DAPR_GRPC_PORT points it at the bench's
// sidecar) with the same workflows as bench-workflows.ts, written as the JS SDK runs them (async generators).
import { LogLevel, WorkflowRuntime } from '@dapr/dapr';

const noop = async (_ctx, n) => n + 1;
const sequence = async function* (ctx, steps) {
  let n = 0;
  for (let i = 0; i < steps; i++) n = yield ctx.callActivity('bench_noop', n);
  return n;
};
const runtime = new WorkflowRuntime({ logger: { level: LogLevel.Error } });
runtime.registerWorkflowWithName('bench_sequence', sequence).registerActivityWithName('bench_noop', noop);
await runtime.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => runtime.stop().finally(() => process.exit(0)));
