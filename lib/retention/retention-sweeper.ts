// Purges finished instances older than the retention policy allows, in small batches that let the engine's own
// work run between them; says when it last ran and how many it removed.
import type { WorkflowStore } from '../engine/store';
import { keepMsFor, type RetentionPolicy } from './retention-policy';

/** What one run did. */
export interface RetentionRun {
  at: string;
  removed: number;
  /** Instances removed per workflow name (children purged with their parent count once, with it). */
  byWorkflow: Record<string, number>;
  /** Set when the run stopped on an error (the database went away): it goes on at the next run. */
  error?: string;
}

/** What the sweeper needs: the store, the policy, and what to do with each run's outcome. */
export interface RetentionSweeperOptions {
  store: Pick<WorkflowStore, 'listInstances' | 'purgeInstance'>;
  policy: RetentionPolicy;
  /** Instances purged per batch (default 100). */
  batchSize?: number;
  /** Most instances one run purges (default 10,000): the rest wait for the next run. */
  maxPerRun?: number;
  now?: () => Date;
  onRun?: (run: RetentionRun) => Promise<void> | void;
}

const TERMINAL = ['COMPLETED', 'FAILED', 'TERMINATED'] as const;

/** Finds and purges the finished top-level instances (with their children) the policy no longer keeps. */
export class RetentionSweeper {
  private last: RetentionRun | undefined;

  constructor(private readonly options: RetentionSweeperOptions) {}

  /** The last run, if any ran in this process. */
  lastRun(): RetentionRun | undefined {
    return this.last;
  }

  /** One run over every rule; never throws (an error ends the run and is reported in it). */
  async runOnce(): Promise<RetentionRun> {
    const now = this.options.now?.() ?? new Date();
    const batch = this.options.batchSize ?? 100;
    const cap = this.options.maxPerRun ?? 10_000;
    const run: RetentionRun = { at: now.toISOString(), removed: 0, byWorkflow: {} };
    const { policy } = this.options;
    const named = [...policy.byWorkflow.keys()];
    const rules = [
      ...named.map((name) => ({ query: { name }, keepMs: keepMsFor(policy, name) })),
      { query: { excludeNames: named }, keepMs: policy.defaultDays === undefined ? undefined : policy.defaultDays * 86_400_000 },
    ];
    try {
      for (const rule of rules) {
        if (rule.keepMs === undefined) continue;
        const completedTo = new Date(now.getTime() - rule.keepMs);
        let skipped = new Set<string>();
        while (run.removed < cap) {
          const page = await this.options.store.listInstances({
            ...rule.query,
            statuses: [...TERMINAL],
            completedTo,
            topLevel: true,
            sort: 'completed',
            order: 'asc',
            limit: batch + skipped.size,
            columns: 'summary',
          });
          const due = page.items.filter((i) => !skipped.has(i.instanceId)).slice(0, Math.min(batch, cap - run.removed));
          if (due.length === 0) break;
          for (const instance of due) {
            const removed = await this.options.store.purgeInstance(instance.instanceId, true).catch((error: unknown) => {
              if (isNamed(error, 'InvalidInstanceStatusError') || isNamed(error, 'InstanceNotFoundError')) return 0;
              throw error;
            });
            if (removed === 0) skipped = new Set(skipped).add(instance.instanceId);
            run.removed += removed;
            if (removed) run.byWorkflow[instance.name] = (run.byWorkflow[instance.name] ?? 0) + removed;
          }
          // Let the engine's own work in between batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
    }
    this.last = run;
    await this.options.onRun?.(run);
    return run;
  }
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
