import { randomUUID } from 'node:crypto';
import { applyActions, discardLateMessages } from './apply-actions';
import type { EngineOptions } from './engine-options';
import { isErrorNamed } from './errors';
import { orchestratorStarted } from './history-builders';
import type { HistoryEvent } from './history-events';
import { isTerminalStatus, type RuntimeStatus } from './runtime-status';
import { runtimeStateOf, type RuntimeState } from './runtime-state';
import type { InstanceRecord, WorkflowStepCommit, WorkflowStore, WorkflowWorkItem } from './store';
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
 */
export class WorkflowWorker {
  private readonly loop: ClaimLoop<WorkflowWorkItem>;
  /** The runtime state each instance's last committed step left, at the version that commit produced. */
  private readonly states: VersionedCache<RuntimeState>;
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
    this.states = new VersionedCache(options.executorCacheSize);
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

  private async process(item: WorkflowWorkItem): Promise<void> {
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
      }
      await this.store.commitWorkflowStep(this.options.workerId, commit);
      status = commit.update.status;
      const ended = commit.discardPendingWork || commit.resetHistory;
      if (ran) this.runner.settled(id, ended ? undefined : instance.version + 1, commit.newEvents);
      if (state && !ended) this.states.set(id, state, instance.version + 1);
      else this.states.delete(id);
      if (commit.activityTasks.length) this.notifier.activityWork();
      if (commit.messages.length || commit.children.length) this.notifier.workflowWork();
      // Waiting clients wait for a status (started, terminal): re-reading the instance after every step is waste.
      if (commit.update.status !== instance.status) this.notifier.instanceChanged(id);
    } catch (error) {
      failure = error;
      this.states.delete(id);
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

  private async step(instance: InstanceRecord, consumed: number[], fresh: HistoryEvent[], now: Date, trace: TraceContext | undefined) {
    // ExecutionStarted goes first even when other messages reached the inbox earlier.
    const newEvents = [orchestratorStarted(now), ...fresh.filter((e) => e.kind === 'ExecutionStarted'), ...fresh.filter((e) => e.kind !== 'ExecutionStarted')];
    let past: Promise<HistoryEvent[]> | undefined;
    const pastEvents = () => (past ??= this.store.getHistory(instance.instanceId));
    const outcome = await this.runner.run({ instance, newEvents, pastEvents });
    const state = this.states.get(instance.instanceId, instance.version) ?? runtimeStateOf(await pastEvents());
    return applyActions({ instance, state, newEvents, outcome, consumedMessageIds: consumed, now, newExecutionId: randomUUID, trace, maxKeptExecutions: this.options.maxKeptExecutions });
  }
}

/** When the oldest of a work item's messages became visible. */
function oldestVisibleAt(item: WorkflowWorkItem): Date | undefined {
  let oldest: Date | undefined;
  for (const message of item.messages) if (!oldest || message.visibleAt < oldest) oldest = message.visibleAt;
  return oldest;
}
