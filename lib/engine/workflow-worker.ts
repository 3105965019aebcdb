import { randomUUID } from 'node:crypto';
import type { EngineOptions } from './engine-options';
import { isErrorNamed } from './errors';
import type { HistoryEvent } from './history-events';
import { OrchestrationExecutor } from './orchestration-executor';
import type { Registry } from './registry';
import { isTerminalStatus } from './runtime-status';
import { buildStepCommit } from './step-commit';
import type { InstanceRecord, WorkflowStore, WorkflowWorkItem } from './store';
import { ClaimLoop, type EngineLogger } from './claim-loop';
import { ExecutorCache } from './executor-cache';
import type { WorkNotifier } from './work-notifier';

/** Claims instances with new messages, replays them (or reuses a cached executor) and commits each step. */
export class WorkflowWorker {
  private readonly loop: ClaimLoop<WorkflowWorkItem>;
  private readonly cache: ExecutorCache;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: WorkflowStore,
    private readonly registry: Registry,
    private readonly notifier: WorkNotifier,
    private readonly options: EngineOptions,
    private readonly log: EngineLogger,
  ) {
    this.cache = new ExecutorCache(options.executorCacheSize);
    this.loop = new ClaimLoop(
      {
        what: 'workflow work',
        maxInFlight: options.maxConcurrentWorkflowInvocations,
        batchSize: 50,
        pollIntervalMs: options.pollIntervalMs,
        claim: (limit) => store.claimWorkflowWorkItems(options.workerId, limit, options.leaseMs, new Date()),
        handle: (item) => this.process(item),
        idleDelay: () => this.idleDelay(),
      },
      log,
    );
  }

  /** Starts the claim loop. */
  start(): void {
    this.unsubscribe ??= this.notifier.on('workflow', () => this.loop.wake());
    this.loop.start();
  }

  /** Stops claiming and waits for the steps in flight to commit. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.loop.stop();
    await this.loop.settled();
  }

  /** Sleeps until the next timer (or other delayed message) is due, at most one poll interval. */
  private async idleDelay(): Promise<number> {
    const now = Date.now();
    try {
      const next = await this.store.nextVisibleAt(new Date(now));
      if (next) return Math.min(this.options.pollIntervalMs, Math.max(0, next.getTime() - now));
    } catch {
      // the next claim reports the outage
    }
    return this.options.pollIntervalMs;
  }

  private async process(item: WorkflowWorkItem): Promise<void> {
    const { instance } = item;
    try {
      const consumed = item.messages.map((m) => m.id);
      const fresh = item.messages
        .filter((m) => m.executionId === undefined || m.executionId === instance.executionId)
        .map((m) => m.event);
      const now = new Date();
      const commit = isTerminalStatus(instance.status)
        ? discardLateMessages(instance, consumed, now)
        : await this.step(instance, consumed, fresh, now);
      await this.store.commitWorkflowStep(this.options.workerId, commit);
      if (commit.discardPendingWork || commit.resetHistory) this.cache.delete(instance.instanceId);
      if (commit.activityTasks.length) this.notifier.activityWork();
      if (commit.messages.length || commit.children.length) this.notifier.workflowWork();
      // Waiting clients wait for a status (started, terminal): re-reading the instance after every step is waste.
      if (commit.update.status !== instance.status) this.notifier.instanceChanged(instance.instanceId);
    } catch (error) {
      this.cache.delete(instance.instanceId);
      if (isErrorNamed(error, 'LeaseLostError')) {
        this.log('warn', `step of '${instance.instanceId}' discarded: ${(error as Error).message}`);
        return;
      }
      this.log('error', `step of '${instance.instanceId}' failed; it will be retried`, error);
      await this.store.abandonWorkflowWorkItem(this.options.workerId, instance.instanceId).catch(() => undefined);
    }
  }

  private async step(instance: InstanceRecord, consumed: number[], events: HistoryEvent[], now: Date) {
    const executor = await this.executorFor(instance);
    const result = await executor.step(events, now);
    // Cached as of the version this step commits; dropped again if the commit fails.
    this.cache.set(instance.instanceId, executor, instance.version + 1);
    return buildStepCommit(
      { instance, consumedMessageIds: consumed, started: executor.startedEvent, now, newExecutionId: randomUUID },
      result,
    );
  }

  private async executorFor(instance: InstanceRecord): Promise<OrchestrationExecutor> {
    const cached = this.cache.get(instance.instanceId, instance.version);
    if (cached) return cached;
    const executor = new OrchestrationExecutor((name) => this.registry.workflow(name)?.fn, this.options.maxPayloadBytes);
    await executor.replay(await this.store.getHistory(instance.instanceId));
    return executor;
  }
}

function discardLateMessages(instance: InstanceRecord, consumed: number[], now: Date) {
  return {
    instanceId: instance.instanceId,
    expectedVersion: instance.version,
    consumedMessageIds: consumed,
    resetHistory: false,
    newEvents: [],
    update: {
      status: instance.status,
      waitingOn: instance.waitingOn ?? { activities: [], timers: [], events: [], children: [] },
      waitingForEventSince: null,
      lastUpdatedAt: instance.lastUpdatedAt ?? now,
    },
    discardPendingWork: true,
    activityTasks: [],
    messages: [],
    children: [],
  };
}
