import type { OrchestrationExecutor } from './orchestration-executor';

/**
 * Live executors of recently stepped instances, keyed by instance ID with the instance version they match
 * (least recently used dropped first). A step on a cached executor skips loading and replaying history.
 */
export class ExecutorCache {
  private readonly entries = new Map<string, { executor: OrchestrationExecutor; version: number }>();

  constructor(private readonly capacity: number) {}

  /** The executor for the instance if it is cached at exactly this version. */
  get(instanceId: string, version: number): OrchestrationExecutor | undefined {
    const entry = this.entries.get(instanceId);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(instanceId); // refresh its place in the LRU order
    this.entries.set(instanceId, entry);
    return entry.executor;
  }

  /** Keeps an executor that now matches `version`. */
  set(instanceId: string, executor: OrchestrationExecutor, version: number): void {
    this.entries.delete(instanceId);
    this.entries.set(instanceId, { executor, version });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets an instance's executor (its step was not committed, or the execution ended). */
  delete(instanceId: string): void {
    this.entries.delete(instanceId);
  }
}
