import type { ActivityResult, ActivityRunner } from './activity-runner';
import type { EngineOptions } from './engine-options';
import { isErrorNamed } from './errors';
import { matchesNameFilter, type ActivityTaskRecord, type NewActivityTask, type WorkflowStore } from './store';
import type { DirectActivities, ResultDelivery } from './worker-pairing';
import { ClaimLoop } from './claim-loop';
import { traceIdOf, type EngineLog } from './logs';
import { LeaseRenewer } from './lease-renewer';
import type { WorkNotifier } from './work-notifier';
import type { EngineTelemetry } from './telemetry';

/**
 * Claims queued activity tasks its runner serves, runs them (at least once) and delivers their results to the
 * workflow's inbox; paired with its process's workflow worker (worker-pairing.ts), it also runs the tasks that
 * worker's steps hand over and delivers results through it.
 */
export class ActivityWorker implements DirectActivities {
  private readonly loop: ClaimLoop<ActivityTaskRecord>;
  private readonly leases: LeaseRenewer<number>;
  private unsubscribe: (() => void) | undefined;
  private results: ResultDelivery | undefined;
  /** Room promised to tasks of steps not yet committed. */
  private reserved = 0;

  constructor(
    private readonly store: WorkflowStore,
    private readonly runner: ActivityRunner,
    private readonly notifier: WorkNotifier,
    private readonly options: EngineOptions,
    private readonly log: EngineLog,
    private readonly telemetry: EngineTelemetry,
  ) {
    this.leases = new LeaseRenewer('activity', options.leaseMs, (ids) => store.renewActivityLeases(options.workerId, ids, options.leaseMs, new Date()), log);
    this.loop = new ClaimLoop(
      {
        what: 'activity tasks',
        maxInFlight: () => (runner.maxInFlight ? Math.min(options.maxConcurrentActivityInvocations, runner.maxInFlight()) : options.maxConcurrentActivityInvocations) - this.reserved,
        batchSize: 100,
        pollIntervalMs: options.pollIntervalMs,
        claim: (limit) => store.claimActivityTasks(options.workerId, limit, options.leaseMs, new Date(), runner.names()),
        handle: (task) => this.leases.whileHeld(task.id, () => this.runAndDeliver(task)),
        claimFailed: (error) => telemetry.claimFailed?.('activity', error),
      },
      log,
    );
  }

  /** Activity attempts being run now. */
  get inFlight(): number {
    return this.loop.size;
  }

  /** Delivers results through `results` (the paired workflow worker) instead of straight to the store. */
  pairWith(results: ResultDelivery): void {
    this.results = results;
  }

  reserve(task: NewActivityTask): boolean {
    if (this.loop.room <= 0 || !matchesNameFilter(this.runner.names(), task.name)) return false;
    this.reserved++;
    return true;
  }

  runReserved(tasks: ActivityTaskRecord[]): void {
    this.release(tasks.length);
    for (const task of tasks) this.loop.add(this.leases.whileHeld(task.id, () => this.runAndDeliver(task)));
  }

  release(count: number): void {
    this.reserved = Math.max(0, this.reserved - count);
  }

  /** Starts the claim loop and lease renewal. */
  start(): void {
    this.unsubscribe ??= this.notifier.on('activity', () => this.loop.wake());
    this.leases.start();
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
    this.leases.stop();
  }

  private async runAndDeliver(task: ActivityTaskRecord): Promise<void> {
    const scope = this.telemetry.activityAttempt({ instanceId: task.instanceId, activityName: task.name, taskId: task.taskId, attempt: task.attempt, trace: task.trace, visibleAt: task.visibleAt });
    let event: ActivityResult;
    try {
      event = await this.runner.run(task);
    } catch (error) {
      scope.end('abandoned', error);
      // The runner could not run it (a remote worker went away): give the task back to run again.
      this.log.event('activity-delivery-failed', { instanceId: task.instanceId, activityName: task.name, taskId: task.taskId, traceId: traceIdOf(task.trace), message: `activity '${task.name}' was not run; it will run again`, error });
      await this.store.abandonActivityTask(this.options.workerId, task.id).catch(() => undefined);
      return;
    }
    try {
      const result = { instanceId: task.instanceId, executionId: task.executionId, visibleAt: new Date(), event };
      if (this.results) {
        await this.results.deliver(task.id, result);
      } else {
        await this.store.completeActivityTask(this.options.workerId, task.id, result);
        this.notifier.workflowWork();
      }
      scope.end(event.kind === 'TaskFailed' ? 'failed' : 'completed');
    } catch (error) {
      scope.end(isErrorNamed(error, 'LeaseLostError') ? 'lease-lost' : 'abandoned', error);
      const fields = { instanceId: task.instanceId, activityName: task.name, taskId: task.taskId, traceId: traceIdOf(task.trace) };
      if (isErrorNamed(error, 'LeaseLostError')) {
        this.log.event('activity-result-discarded', { ...fields, message: `result of activity '${task.name}' discarded: ${(error as Error).message}` });
      } else {
        this.log.event('activity-delivery-failed', { ...fields, message: `delivering the result of activity '${task.name}' failed; it will run again`, error });
      }
    }
  }
}
