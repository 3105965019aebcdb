import { randomUUID } from 'node:crypto';
import { applyActions, discardLateMessages } from './apply-actions';
import type { EngineOptions } from './engine-options';
import { isErrorNamed } from './errors';
import { orchestratorStarted } from './history-builders';
import type { HistoryEvent } from './history-events';
import { isTerminalStatus, type RuntimeStatus } from './runtime-status';
import { runtimeStateOf, type RuntimeState } from './runtime-state';
import type { ActivityDelivery, ActivityTaskRecord, InstanceRecord, NewInboxMessage, WorkflowStepCommit, WorkflowStore, WorkflowWorkItem } from './store';
import { instanceAfterStep } from './instance-after-step';
import type { DirectActivities, ResultDelivery } from './worker-pairing';
import { ClaimLoop } from './claim-loop';
import { traceIdOf, type EngineLog } from './logs';
import { LeaseRenewer } from './lease-renewer';
import { VersionedCache } from './versioned-cache';
import type { WorkNotifier } from './work-notifier';
import type { WorkflowRunner } from './workflow-runner';
import type { EngineTelemetry, TelemetryOutcome } from './telemetry';
import type { TraceContext } from './trace-context';

/** How many instances one claim asks for. */
const CLAIM_BATCH = 50;

/**
 * Claims instances with new messages for the workflows its runner serves, asks the runner for each step's
 * actions, turns them into the step's commit (applyActions) and commits it; leases of long steps are renewed.
 * Paired with its process's activity worker, it also steps instances straight from activity results (deliver).
 */
export class WorkflowWorker implements ResultDelivery {
  private readonly loop: ClaimLoop<WorkflowWorkItem>;
  /** The row and runtime state each instance's last committed step left, at the version that commit produced. */
  private readonly after: VersionedCache<{ instance: InstanceRecord; state: RuntimeState }>;
  /** Instances with a step running in this worker (claimed or direct), settled when it is done. */
  private readonly stepping = new Map<string, Promise<void>>();
  private activities: DirectActivities | undefined;
  private readonly leases: LeaseRenewer<string>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: WorkflowStore,
    private readonly runner: WorkflowRunner,
    private readonly notifier: WorkNotifier,
    private readonly options: EngineOptions,
    private readonly log: EngineLog,
    private readonly telemetry: EngineTelemetry,
  ) {
    this.after = new VersionedCache(options.executorCacheSize);
    this.leases = new LeaseRenewer('workflow', options.leaseMs, (ids) => store.renewWorkflowLeases(options.workerId, ids, options.leaseMs, new Date()), log);
    this.loop = new ClaimLoop(
      {
        what: 'workflow work',
        maxInFlight: runner.maxInFlight ? () => Math.min(options.maxConcurrentWorkflowInvocations, runner.maxInFlight!()) : options.maxConcurrentWorkflowInvocations,
        batchSize: CLAIM_BATCH,
        pollIntervalMs: options.pollIntervalMs,
        claim: (limit) => store.claimWorkflowWorkItems(options.workerId, limit, options.leaseMs, new Date(), runner.names()),
        handle: (item) => this.leases.whileHeld(item.instance.instanceId, () => this.process(item)),
        idleDelay: () => this.idleDelay(),
        claimFailed: (error) => telemetry.claimFailed?.('workflow', error),
      },
      log,
    );
  }

  /** Steps being run now. */
  get inFlight(): number {
    return this.loop.size;
  }

  /** Starts the claim loop. */
  start(): void {
    this.unsubscribe ??= this.notifier.on('workflow', () => this.loop.wake());
    this.leases.start();
    this.loop.start();
  }

  /** Stops claiming and waits for the steps in flight to commit. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.loop.stop();
    await this.loop.settled();
    this.leases.stop();
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

  /** Hands the tasks its steps schedule to `activities` at once when it takes them (worker-pairing.ts). */
  pairWith(activities: DirectActivities): void {
    this.activities = activities;
  }

  async deliver(taskRowId: number, result: NewInboxMessage): Promise<void> {
    const id = result.instanceId;
    const known = this.after.peek(id);
    // Straight into the next step only when this result is all the instance waits for: with other activities open
    // (a fan-in) or a step in flight here, results go to the inbox and the next claim takes them together.
    if (this.loop.room === 0 || this.stepping.has(id) || !known || known.state.activities.size !== 1) return this.queue(taskRowId, result);
    const { instance } = known;
    if (instance.status !== 'RUNNING' || instance.executionId !== result.executionId) return this.queue(taskRowId, result);
    const stepping = this.exclusive(id, () => this.stepWithResult(instance, taskRowId, result));
    this.loop.add(stepping.catch(() => undefined));
    return stepping;
  }

  /** Delivers a result to the instance's inbox, for the next claim. */
  private async queue(taskRowId: number, result: NewInboxMessage): Promise<void> {
    await this.store.completeActivityTask(this.options.workerId, taskRowId, result);
    this.notifier.workflowWork();
  }

  /**
   * Runs `body` once no other step of the instance runs in this worker (a claimed step waits for a direct one); a
   * step counts as running until it committed (see committed()) or failed.
   */
  private exclusive(instanceId: string, body: () => Promise<void>): Promise<void> {
    const previous = this.stepping.get(instanceId);
    const current = previous ? previous.then(body) : body();
    const settled = current.catch(() => undefined);
    this.stepping.set(instanceId, settled);
    void settled.then(() => {
      if (this.stepping.get(instanceId) === settled) this.stepping.delete(instanceId);
    });
    return current;
  }

  private process(item: WorkflowWorkItem): Promise<void> {
    return this.exclusive(item.instance.instanceId, () => this.processClaimed(item));
  }

  private async processClaimed(item: WorkflowWorkItem): Promise<void> {
    const { instance } = item;
    const id = instance.instanceId;
    let ran = false;
    const scope = this.telemetry.workflowStep({
      instanceId: id,
      workflowName: instance.name,
      messages: item.messages.length,
      oldestVisibleAt: oldestVisibleAt(item),
      createdAt: instance.createdAt,
      trace: instance.trace,
    });
    let outcome: TelemetryOutcome = 'completed';
    let failure: unknown;
    let status: RuntimeStatus | undefined;
    let reserved = 0;
    try {
      const consumed = item.messages.map((m) => m.id);
      const now = new Date();
      let commit: WorkflowStepCommit;
      let state: RuntimeState | undefined;
      if (isTerminalStatus(instance.status)) {
        commit = discardLateMessages(instance, consumed, now);
      } else {
        ran = true;
        const fresh = item.messages.filter((m) => m.executionId === undefined || m.executionId === instance.executionId).map((m) => m.event);
        ({ commit, state } = await this.step(instance, consumed, fresh, now, scope.trace));
        reserved = this.reserveTasks(commit, now);
      }
      const taskIds = await this.store.commitWorkflowStep(this.options.workerId, commit);
      status = commit.update.status;
      this.committed(instance, commit, state, taskIds, ran);
      reserved = 0;
    } catch (error) {
      failure = error;
      this.activities?.release(reserved);
      this.after.delete(id);
      if (ran) this.runner.settled(id, undefined);
      if (isErrorNamed(error, 'LeaseLostError')) {
        outcome = 'lease-lost';
        this.log.event('lease-lost', { instanceId: id, workflowName: instance.name, traceId: traceIdOf(scope.trace ?? instance.trace), message: `step of '${id}' discarded: ${(error as Error).message}` });
        return;
      }
      outcome = 'abandoned';
      this.log.event('step-failed', { instanceId: id, workflowName: instance.name, traceId: traceIdOf(scope.trace ?? instance.trace), message: `step of '${id}' failed; it will be retried`, error });
      await this.store.abandonWorkflowWorkItem(this.options.workerId, id).catch(() => undefined);
    } finally {
      scope.end(outcome, failure, { status, ended: status !== undefined && isTerminalStatus(status) && !isTerminalStatus(instance.status) });
    }
  }

  /**
   * The step an activity's result makes, computed from what the last committed step left (no claim, no lease) and
   * committed with the result; when the instance moved meanwhile the result goes to its inbox instead.
   */
  private async stepWithResult(instance: InstanceRecord, taskRowId: number, result: NewInboxMessage): Promise<void> {
    const id = instance.instanceId;
    const scope = this.telemetry.workflowStep({ instanceId: id, workflowName: instance.name, messages: 1, oldestVisibleAt: result.visibleAt, createdAt: instance.createdAt, trace: instance.trace });
    const now = new Date();
    let prepared: { commit: WorkflowStepCommit; state: RuntimeState };
    try {
      prepared = await this.step(instance, [], [result.event], now, scope.trace);
    } catch (error) {
      this.forget(id);
      scope.end('abandoned', error);
      return this.queue(taskRowId, result);
    }
    const { commit, state } = prepared;
    const reserved = this.reserveTasks(commit, now);
    let delivery: ActivityDelivery;
    try {
      delivery = await this.store.completeActivityTask(this.options.workerId, taskRowId, result, commit);
    } catch (error) {
      this.activities?.release(reserved);
      this.forget(id);
      scope.end(isErrorNamed(error, 'LeaseLostError') ? 'lease-lost' : 'abandoned', error);
      throw error;
    }
    if (!delivery.stepped) {
      this.activities?.release(reserved);
      this.forget(id);
      scope.end('abandoned');
      this.notifier.workflowWork();
      return;
    }
    this.committed(instance, commit, state, delivery.taskIds, true);
    const status = commit.update.status;
    scope.end('completed', undefined, { status, ended: isTerminalStatus(status) });
  }

  /** After a step committed: keep what it left for the next step, hand over its tasks, wake whoever waits for its effects. */
  private committed(instance: InstanceRecord, commit: WorkflowStepCommit, state: RuntimeState | undefined, taskIds: number[], ran: boolean): void {
    const id = instance.instanceId;
    this.stepping.delete(id);
    const version = instance.version + 1;
    const ended = commit.discardPendingWork || commit.resetHistory;
    if (ran) this.runner.settled(id, ended ? undefined : version, commit.newEvents);
    if (state && !ended) this.after.set(id, { instance: instanceAfterStep(instance, commit), state }, version);
    else this.after.delete(id);
    const direct: ActivityTaskRecord[] = [];
    let queued = false;
    commit.activityTasks.forEach(({ leasedTo, ...task }, i) => {
      if (leasedTo) direct.push({ ...task, id: taskIds[i] });
      else queued = true;
    });
    if (direct.length) this.activities!.runReserved(direct);
    if (queued) this.notifier.activityWork();
    if (commit.messages.length || commit.children.length) this.notifier.workflowWork();
    // Waiting clients wait for a status (started, terminal): re-reading the instance after every step is waste.
    if (commit.update.status !== instance.status) this.notifier.instanceChanged(id);
  }

  /** Marks the step's tasks that the paired activity worker takes at once as leased to this worker; returns how many. */
  private reserveTasks(commit: WorkflowStepCommit, now: Date): number {
    if (!this.activities) return 0;
    let reserved = 0;
    const until = new Date(now.getTime() + this.options.leaseMs);
    for (const task of commit.activityTasks) {
      if (task.visibleAt.getTime() > now.getTime() || !this.activities.reserve(task)) continue;
      task.leasedTo = { workerId: this.options.workerId, until };
      reserved++;
    }
    return reserved;
  }

  /** Forgets what the instance's last step left (a step that was not committed). */
  private forget(instanceId: string): void {
    this.after.delete(instanceId);
    this.runner.settled(instanceId, undefined);
  }

  private async step(instance: InstanceRecord, consumed: number[], fresh: HistoryEvent[], now: Date, trace: TraceContext | undefined) {
    // ExecutionStarted goes first even when other messages reached the inbox earlier.
    const newEvents = [orchestratorStarted(now), ...fresh.filter((e) => e.kind === 'ExecutionStarted'), ...fresh.filter((e) => e.kind !== 'ExecutionStarted')];
    let past: Promise<HistoryEvent[]> | undefined;
    const pastEvents = () => (past ??= this.store.getHistory(instance.instanceId));
    const outcome = await this.runner.run({ instance, newEvents, pastEvents });
    const state = this.after.get(instance.instanceId, instance.version)?.state ?? runtimeStateOf(await pastEvents());
    return applyActions({ instance, state, newEvents, outcome, consumedMessageIds: consumed, now, newExecutionId: randomUUID, trace, maxKeptExecutions: this.options.maxKeptExecutions });
  }
}

/** When the oldest of a work item's messages became visible. */
function oldestVisibleAt(item: WorkflowWorkItem): Date | undefined {
  let oldest: Date | undefined;
  for (const message of item.messages) if (!oldest || message.visibleAt < oldest) oldest = message.visibleAt;
  return oldest;
}
