import type { StepOutcome } from './actions';
import { OrchestrationExecutor } from './orchestration-executor';
import type { Registry } from './registry';
import type { NameFilter } from './store';
import { VersionedCache } from './versioned-cache';
import type { RunnerStep, WorkflowRunner } from './workflow-runner';

/**
 * Runs the workflows registered in this process: replays the history into an executor (or reuses the one the
 * previous step left, when the instance has not moved since) and advances it by the step's events.
 */
export class InProcessWorkflowRunner implements WorkflowRunner {
  private readonly executors: VersionedCache<OrchestrationExecutor>;
  /** Executors advanced by a step whose commit is not settled yet, by instance. */
  private readonly unsettled = new Map<string, OrchestrationExecutor>();

  constructor(
    private readonly registry: Registry,
    private readonly maxPayloadBytes: number,
    cacheSize: number,
  ) {
    this.executors = new VersionedCache(cacheSize);
  }

  names(): NameFilter {
    return { only: this.registry.workflowNames() };
  }

  async run(step: RunnerStep): Promise<StepOutcome> {
    const { instance } = step;
    let executor = this.executors.get(instance.instanceId, instance.version);
    if (!executor) {
      executor = new OrchestrationExecutor((name) => this.registry.workflow(name)?.fn, this.maxPayloadBytes);
      await executor.replay(await step.pastEvents());
    }
    this.executors.delete(instance.instanceId);
    const outcome = await executor.step(step.newEvents);
    this.unsettled.set(instance.instanceId, executor);
    return outcome;
  }

  settled(instanceId: string, version: number | undefined): void {
    const executor = this.unsettled.get(instanceId);
    this.unsettled.delete(instanceId);
    if (executor && version !== undefined && !executor.isDone) this.executors.set(instanceId, executor, version);
    else this.executors.delete(instanceId);
  }
}
