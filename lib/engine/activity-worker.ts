import type { WorkflowActivityContext } from './authoring';
import type { EngineOptions } from './engine-options';
import { isErrorNamed, UnknownWorkflowError } from './errors';
import { toFailureDetails } from './failure-details';
import type { HistoryEvent } from './history-events';
import { deserializePayload, serializePayload } from './payload';
import type { Registry } from './registry';
import type { ActivityTaskRecord, WorkflowStore } from './store';
import { ClaimLoop, type EngineLogger } from './claim-loop';
import type { WorkNotifier } from './work-notifier';

/** Claims queued activity tasks, runs them (at least once) and delivers their results to the workflow's inbox. */
export class ActivityWorker {
  private readonly loop: ClaimLoop<ActivityTaskRecord>;
  /** IDs of the tasks running now, whose leases are renewed while they run. */
  private readonly runningIds = new Set<number>();
  private renewTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: WorkflowStore,
    private readonly registry: Registry,
    private readonly notifier: WorkNotifier,
    private readonly options: EngineOptions,
    private readonly log: EngineLogger,
  ) {
    this.loop = new ClaimLoop(
      {
        what: 'activity tasks',
        maxInFlight: options.maxConcurrentActivityInvocations,
        batchSize: 100,
        pollIntervalMs: options.pollIntervalMs,
        claim: (limit) => store.claimActivityTasks(options.workerId, limit, options.leaseMs, new Date()),
        handle: (task) => this.run(task),
      },
      log,
    );
  }

  /** Starts the claim loop and lease renewal. */
  start(): void {
    this.unsubscribe ??= this.notifier.on('activity', () => this.loop.wake());
    if (!this.renewTimer) {
      this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(100, this.options.leaseMs / 3));
      this.renewTimer.unref();
    }
    this.loop.start();
  }

  /** Stops claiming; lets running activities finish for up to the grace period. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.loop.stop();
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, this.options.shutdownGraceMs)));
    await Promise.race([this.loop.settled(), grace]);
    clearTimeout(graceTimer);
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }

  private async run(task: ActivityTaskRecord): Promise<void> {
    this.runningIds.add(task.id);
    try {
      await this.runAndDeliver(task);
    } finally {
      this.runningIds.delete(task.id);
    }
  }

  private async runAndDeliver(task: ActivityTaskRecord): Promise<void> {
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
    const ids = [...this.runningIds];
    if (!ids.length) return;
    try {
      await this.store.renewActivityLeases(this.options.workerId, ids, this.options.leaseMs, new Date());
    } catch (error) {
      this.log('warn', 'renewing activity leases failed', error);
    }
  }
}
