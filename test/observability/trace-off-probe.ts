// Run by tracing-off.test.ts in a fresh process: starts tracing from the environment, runs one workflow step with the
// resulting telemetry and prints which OpenTelemetry modules the process loaded (as JSON).
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import { NO_TELEMETRY } from '@/lib/engine/telemetry';
import { withHttpServerSpan } from '@/lib/observability/trace-server';
import { startTracingFromEnv } from '@/lib/observability/tracing-env';
import { MemoryStore } from '@/lib/store/memory-store';

async function main(): Promise<void> {
  const tracing = await startTracingFromEnv();
  const runtime = new WorkflowRuntime({ store: new MemoryStore(), pollIntervalMs: 20, log: () => undefined, telemetry: tracing?.telemetry ?? NO_TELEMETRY });
  runtime.registerWorkflowWithName('one', function* (_ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return 'done';
  });
  await runtime.start();
  await withHttpServerSpan(new Request('http://localhost/api/x', { method: 'POST' }), async () => new Response(null, { status: 202 }));
  const id = await runtime.client().scheduleNewWorkflow('one');
  const state = await runtime.client().waitForWorkflowCompletion(id, false, 10);
  await runtime.stop();
  await tracing?.shutdown();
  const loaded = Object.keys(require.cache).filter((path) => path.includes('@opentelemetry'));
  console.log(JSON.stringify({ status: state?.runtimeStatus, telemetry: runtime.telemetry === NO_TELEMETRY ? 'none' : 'tracing', openTelemetryModules: loaded.length }));
}

void main();
