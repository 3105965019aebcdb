// Runs the built-in workflows on the in-memory store, replaying every step from history (no
// executor cache), as a process that restarts between steps would.
import { WorkflowRuntime, type WorkflowClient, type WorkflowState } from '@/lib/engine';
import { MemoryStore } from '@/lib/store/memory-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { MemoryInventory } from '@/lib/workflows/inventory';

/** A started runtime with the built-in workflows, its client, store and inventory. */
export interface Harness {
  runtime: WorkflowRuntime;
  client: WorkflowClient;
  store: MemoryStore;
  inventory: MemoryInventory;
  /** Starts a workflow and waits for it to finish (COMPLETED, FAILED or TERMINATED). */
  run(name: string, input?: unknown, timeoutSeconds?: number): Promise<WorkflowState>;
  /** The activity names in the order the instance scheduled them (retries included). */
  scheduledActivities(instanceId: string): Promise<string[]>;
  /** The instance's activity log lines, oldest first. */
  logs(instanceId: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts a runtime with every built-in workflow registered. */
export async function startHarness(inventory = new MemoryInventory()): Promise<Harness> {
  const store = new MemoryStore();
  const runtime = new WorkflowRuntime({ store, pollIntervalMs: 20, executorCacheSize: 0 });
  registerBuiltInWorkflows(runtime, { inventory });
  await runtime.start();
  const client = runtime.client();
  return {
    runtime,
    client,
    store,
    inventory,
    async run(name, input, timeoutSeconds = 20) {
      const id = await client.scheduleNewWorkflow(name, input);
      return (await client.waitForWorkflowCompletion(id, true, timeoutSeconds))!;
    },
    async scheduledActivities(instanceId) {
      const history = await store.getHistory(instanceId);
      return history.flatMap((e) => (e.kind === 'TaskScheduled' ? [e.name] : []));
    },
    async logs(instanceId) {
      return (await store.getActivityLogs(instanceId)).map((l) => l.message);
    },
    stop: () => runtime.stop(),
  };
}

/** The parsed output of a finished instance. */
export function outputOf(state: WorkflowState): unknown {
  return state.serializedOutput === undefined ? undefined : JSON.parse(state.serializedOutput);
}

/** Resolves once the instance waits for the external event `name`. */
export async function waitingForEvent(h: Harness, instanceId: string, name: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await h.store.getInstance(instanceId);
    if (row?.waitingOn?.events.some((e) => e.name === name)) return;
    if (Date.now() > deadline) throw new Error(`instance '${instanceId}' never waited for '${name}' (status ${row?.status})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
