// An ApiContext over a real engine on the in-memory store, with the built-in workflows and a few test ones.
import { WorkflowRuntime, type Task, type WorkflowContext } from '@/lib/engine';
import type { ApiContext } from '@/lib/api/context';
import { MemoryStore } from '@/lib/store/memory-store';
import { MemoryInventory, registerBuiltInWorkflows } from '@/lib/workflows';

/** A running engine for one test, its API context and a way to stop it. */
export interface MemoryApi {
  ctx: ApiContext;
  runtime: WorkflowRuntime;
  stop(): Promise<void>;
}

/** Starts an engine on a MemoryStore; `WaitForGo` waits for the event `go`, `Parent` starts two `WaitForGo` children. */
export async function startMemoryApi(maxPayloadBytes = 64 * 1024): Promise<MemoryApi> {
  const inventory = new MemoryInventory();
  const runtime = new WorkflowRuntime({ store: new MemoryStore(), pollIntervalMs: 20, maxPayloadBytes, log: () => undefined });
  registerBuiltInWorkflows(runtime, { inventory });
  runtime.registerWorkflowWithName('WaitForGo', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    return yield ctx.waitForExternalEvent('go');
  }, { events: [{ name: 'go', description: 'lets it finish', approvePayload: { ok: true } }] });
  runtime.registerWorkflowWithName('Parent', function* (ctx: WorkflowContext): Generator<Task<unknown>, unknown, unknown> {
    const id = ctx.getWorkflowInstanceId();
    return yield ctx.whenAll([ctx.callChildWorkflow('WaitForGo', undefined, `${id}-c1`), ctx.callChildWorkflow('WaitForGo', undefined, `${id}-c2`)]);
  });
  await runtime.start();
  const ctx: ApiContext = {
    client: runtime.client(),
    store: runtime.store,
    registry: runtime.registry,
    inventory,
    maxPayloadBytes,
    dialect: 'sqlite',
    pingDatabase: async () => undefined,
  };
  return { ctx, runtime, stop: () => runtime.stop() };
}

/** Polls until `check` is true (or fails after `ms`). */
export async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
