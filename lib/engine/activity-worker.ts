import type { WorkflowActivityContext } from './authoring';
import type { EngineOptions } from './engine-options';
import { isErrorNamed, UnknownWorkflowError } from './errors';
import { toFailureDetails } from './failure-details';
import type { HistoryEvent } from './history-events';
import { deserializePayload, serializePayload } from './payload';
import type { Registry } from './registry';
import type { ActivityTaskRecord, WorkflowStore } from './store';
import { Wakeup, yieldToEventLoop, type WorkNotifier } from './work-notifier';
import type { EngineLogger } from './workflow-worker';

/** Claims queued activity tasks, runs them (at least once) and delivers their results to the workflow's inbox. */
export class ActivityWorker {
  private running = false;
  private loopDone: Promise<void> | undefined;
  private readonly wakeup = new Wakeup();
  private readonly runningTasks = new Map<number, Promise<void>>();
  private renewTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: WorkflowStore,
    private readonly registry: Registry,
    private readonly notifier: WorkNotifier,
    private readonly options: EngineOptions,
    private readonly log: EngineLogger,
  ) {}

  /** Starts the claim loop and lease renewal. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.notifier.on('activity', () => this.wakeup.notify());
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(100, this.options.leaseMs / 3));
    this.renewTimer.unref();
    this.loopDone = this.loop();
  }

  /** Stops claiming; lets running activities finish for up to the grace period. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wakeup.notify();
    await this.loopDone;
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, this.options.shutdownGraceMs)));
    await Promise.race([Promise.allSettled([...this.runningTasks.values()]), grace]);
    clearTimeout(graceTimer);
    clearInterval(this.renewTimer);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // Let timers and I/O run between iterations even when every store call resolves immediately.
      await yieldToEventLoop();
      const capacity = this.options.maxConcurrentActivityInvocations - this.runningTasks.size;
      if (capacity <= 0) {
        await this.wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      let tasks: ActivityTaskRecord[];
      try {
        tasks = await this.store.claimActivityTasks(this.options.workerId, Math.min(capacity, 100), this.options.leaseMs, new Date());
      } catch (error) {
        this.log('error', 'claiming activity tasks failed; retrying', error);
        await this.wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      if (tasks.length === 0) {
        await this.wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      for (const task of tasks) {
        const run = this.run(task).finally(() => {
          this.runningTasks.delete(task.id);
          this.wakeup.notify();
        });
        this.runningTasks.set(task.id, run);
      }
    }
  }

  private async run(task: ActivityTaskRecord): Promise<void> {
    const event = await this.execute(task);
    try {
      await this.store.completeActivityTask(this.options.workerId, task.id, {
        instanceId: task.instanceId,
        executionId: task.executionId,
        visibleAt: new Date(),
        event,
      });
      this.notifier.workflowWork();
    } catch (error) {
      if (isErrorNamed(error, 'LeaseLostError')) this.log('warn', `result of activity '${task.name}' discarded: ${(error as Error).message}`);
      else this.log('error', `delivering the result of activity '${task.name}' failed; it will run again`, error);
    }
  }

  private async execute(task: ActivityTaskRecord): Promise<HistoryEvent> {
    const timestamp = () => new Date().toISOString();
    try {
      const fn = this.registry.activity(task.name);
      if (!fn) throw new UnknownWorkflowError('activity', task.name);
      const output = await fn(this.contextFor(task), deserializePayload(task.input));
      const result = serializePayload(output, `result of activity '${task.name}'`, this.options.maxPayloadBytes);
      return { kind: 'TaskCompleted', eventId: -1, timestamp: timestamp(), taskScheduledId: task.taskId, result };
    } catch (error) {
      return { kind: 'TaskFailed', eventId: -1, timestamp: timestamp(), taskScheduledId: task.taskId, failure: toFailureDetails(error) };
    }
  }

  private contextFor(task: ActivityTaskRecord): WorkflowActivityContext {
    return {
      getWorkflowInstanceId: () => task.instanceId,
      getWorkflowActivityId: () => task.taskId,
      getAttempt: () => task.attempt,
      log: (message: string) => this.store.appendActivityLog(task.instanceId, task.taskId, String(message), new Date()),
    };
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.runningTasks.keys()];
    if (!ids.length) return;
    try {
      await this.store.renewActivityLeases(this.options.workerId, ids, this.options.leaseMs, new Date());
    } catch (error) {
      this.log('warn', 'renewing activity leases failed', error);
    }
  }
}
