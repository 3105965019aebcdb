import { randomUUID } from 'node:crypto';
import type { EngineOptions } from './engine-options';
import { isErrorNamed } from './errors';
import type { HistoryEvent } from './history-events';
import { OrchestrationExecutor } from './orchestration-executor';
import type { Registry } from './registry';
import { isTerminalStatus } from './runtime-status';
import { buildStepCommit } from './step-commit';
import type { InstanceRecord, WorkflowStore, WorkflowWorkItem } from './store';
import { Wakeup, yieldToEventLoop, type WorkNotifier } from './work-notifier';

/** Where a worker reports problems it recovers from (lost leases, store outages). */
export type EngineLogger = (level: 'warn' | 'error', message: string, error?: unknown) => void;

/** Claims instances with new messages, replays them (or reuses a cached executor) and commits each step. */
export class WorkflowWorker {
  private running = false;
  private inFlight = 0;
  private loopDone: Promise<void> | undefined;
  private readonly wakeup = new Wakeup();
  private readonly cache = new Map<string, { executor: OrchestrationExecutor; version: number }>();
  private readonly active = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: WorkflowStore,
    private readonly registry: Registry,
    private readonly notifier: WorkNotifier,
    private readonly options: EngineOptions,
    private readonly log: EngineLogger,
  ) {}

  /** Starts the claim loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.notifier.on('workflow', () => this.wakeup.notify());
    this.loopDone = this.loop();
  }

  /** Stops claiming and waits for the steps in flight to commit. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wakeup.notify();
    await this.loopDone;
    await Promise.allSettled([...this.active]);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // Let timers and I/O run between iterations even when every store call resolves immediately.
      await yieldToEventLoop();
      const capacity = this.options.maxConcurrentWorkflowInvocations - this.inFlight;
      if (capacity <= 0) {
        await this.wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      let items: WorkflowWorkItem[];
      try {
        items = await this.store.claimWorkflowWorkItems(this.options.workerId, Math.min(capacity, 50), this.options.leaseMs, new Date());
      } catch (error) {
        this.log('error', 'claiming workflow work failed; retrying', error);
        await this.wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      if (items.length === 0) {
        await this.wakeup.wait(await this.idleDelay());
        continue;
      }
      for (const item of items) this.track(this.process(item));
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight++;
    this.active.add(work);
    void work.finally(() => {
      this.inFlight--;
      this.active.delete(work);
      this.wakeup.notify();
    });
  }

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
      const done = commit.discardPendingWork || commit.resetHistory;
      const cached = this.cache.get(instance.instanceId);
      if (cached && !done) cached.version = instance.version + 1;
      else this.cache.delete(instance.instanceId);
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
    return buildStepCommit(
      { instance, consumedMessageIds: consumed, started: executor.startedEvent, now, newExecutionId: randomUUID },
      result,
    );
  }

  private async executorFor(instance: InstanceRecord): Promise<OrchestrationExecutor> {
    const cached = this.cache.get(instance.instanceId);
    if (cached && cached.version === instance.version) {
      // Refresh its position in the LRU order.
      this.cache.delete(instance.instanceId);
      this.cache.set(instance.instanceId, cached);
      return cached.executor;
    }
    const executor = new OrchestrationExecutor((name) => this.registry.workflow(name)?.fn, this.options.maxPayloadBytes);
    await executor.replay(await this.store.getHistory(instance.instanceId));
    this.cache.set(instance.instanceId, { executor, version: instance.version });
    while (this.cache.size > this.options.executorCacheSize) this.cache.delete(this.cache.keys().next().value!);
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
