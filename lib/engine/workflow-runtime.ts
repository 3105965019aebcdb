import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { InProcessActivityRunner } from './activity-runner';
import { ActivityWorker } from './activity-worker';
import { InProcessWorkflowRunner } from './in-process-runner';
import type { DaprConnectionOptions, Workflow, WorkflowActivity } from './authoring';
import { defaultEngine } from './default-engine';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './engine-options';
import { DEFAULT_HEARTBEAT_OPTIONS, defaultHeartbeatHost, Heartbeat, type HeartbeatOptions } from './heartbeat';
import { Registry, type WorkflowMetadata } from './registry';
import type { WorkflowStore } from './store';
import { WorkflowClient, type UnregisteredNamePolicy } from './workflow-client';
import { createEngineLog, engineLogFromLogger, type EngineLog, type EngineLogger } from './logs';
import type { ActivityRunner } from './activity-runner';
import type { WorkflowRunner } from './workflow-runner';
import { WorkflowWorker } from './workflow-worker';
import { remoteWorkOf, WorkNotifier } from './work-notifier';
import { NO_TELEMETRY, type EngineTelemetry } from './telemetry';

/** How to build a runtime: a store (or the default engine's), tuning and heartbeat options and a logger. */
export interface WorkflowRuntimeConfig extends Partial<EngineOptions>, Partial<HeartbeatOptions>, DaprConnectionOptions {
  store?: WorkflowStore;
  registry?: Registry;
  notifier?: WorkNotifier;
  log?: EngineLogger;
  /** Hooks for metrics and traces (telemetry.ts); default: none. */
  telemetry?: EngineTelemetry;
}

/** A worker of either kind, as the runtime starts and stops them. */
type Worker = { start(): void; stop(): Promise<void>; readonly inFlight: number };

/** Hosts workflows and activities: register them, then start() the workers (the Dapr WorkflowRuntime). */
export class WorkflowRuntime {
  readonly registry: Registry;
  readonly store: WorkflowStore;
  readonly notifier: WorkNotifier;
  readonly options: EngineOptions;
  /** How this runtime's heartbeat beats and when it takes over other workers' leases (heartbeat.ts). */
  readonly heartbeatOptions: HeartbeatOptions;
  /** The runtime's engine log (FLOWDECK_LOG_FORMAT, FLOWDECK_LOG_LEVEL), or the `log` callback it was given. */
  readonly log: EngineLog;
  /** The hooks this runtime's workers call on each step and activity attempt. */
  readonly telemetry: EngineTelemetry;
  private readonly workers: Worker[] = [];
  private readonly heartbeat: Heartbeat;
  /** The worker ID was given: leases held under it at start belong to a predecessor with the same ID. */
  private readonly fixedWorkerId: boolean;
  private acceptsUnregistered: UnregisteredNamePolicy | undefined;
  private started = false;

  constructor(config: WorkflowRuntimeConfig = {}) {
    const env = config.store ? undefined : defaultEngine();
    this.store = config.store ?? env!.store;
    this.registry = config.registry ?? env?.registry ?? new Registry();
    this.notifier = config.notifier ?? env?.notifier ?? new WorkNotifier(remoteWorkOf(this.store));
    const { store: _s, registry: _r, notifier: _n, log: _l, telemetry: _t, daprHost: _h, daprPort: _p, logger: _g, heartbeatIntervalMs, workerGraceMs, workerHost, workerVersion, ...tuning } = config;
    this.options = {
      ...DEFAULT_ENGINE_OPTIONS,
      workerId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      ...stripUndefined(tuning),
    };
    this.fixedWorkerId = config.workerId !== undefined;
    this.telemetry = config.telemetry ?? NO_TELEMETRY;
    this.heartbeatOptions = { ...DEFAULT_HEARTBEAT_OPTIONS, workerHost: defaultHeartbeatHost(), ...stripUndefined({ heartbeatIntervalMs, workerGraceMs, workerHost, workerVersion }) };
    this.log = (config.log ? engineLogFromLogger(config.log) : createEngineLog()).with({ workerId: this.options.workerId });
    this.heartbeat = new Heartbeat({
      store: this.store,
      workerId: this.options.workerId,
      options: this.heartbeatOptions,
      log: this.log,
      onTakeover: (workerIds) => {
        try {
          this.telemetry.workersTakenOver?.(workerIds);
        } catch {
          // telemetry never fails the engine
        }
        this.notifier.workflowWork();
        this.notifier.activityWork();
      },
      inFlight: () => this.inFlight(),
    });
    this.addRunners({
      workflows: new InProcessWorkflowRunner(this.registry, this.options.maxPayloadBytes, this.options.executorCacheSize),
      activities: new InProcessActivityRunner(this.registry, this.store, this.options.maxPayloadBytes),
    });
  }

  /**
   * Adds workers for more runners (remote SDK workers): each claims only the names its runner serves, under
   * this runtime's options and worker ID. Started now if the runtime is running.
   */
  addRunners(runners: { workflows?: WorkflowRunner; activities?: ActivityRunner }, options: Partial<EngineOptions> = {}): void {
    const tuning = { ...this.options, ...stripUndefined(options), workerId: this.options.workerId };
    const workflows = runners.workflows && new WorkflowWorker(this.store, runners.workflows, this.notifier, tuning, this.log, this.telemetry);
    const activities = runners.activities && new ActivityWorker(this.store, runners.activities, this.notifier, tuning, this.log, this.telemetry);
    // Runners added together serve the same workflows' steps and activities: let them hand work to each other.
    if (workflows && activities && this.options.directHandover) {
      workflows.pairWith(activities);
      activities.pairWith(workflows);
    }
    const added: Worker[] = [workflows, activities].filter((worker) => worker !== undefined);
    this.workers.push(...added);
    if (this.started) for (const worker of added) worker.start();
  }

  /** Registers a workflow under its function name. */
  registerWorkflow(workflow: Workflow, metadata?: WorkflowMetadata): this {
    return this.registerWorkflowWithName(workflow.name, workflow, metadata);
  }
  /** Registers a workflow under the given name (with an optional description, example input and events). */
  registerWorkflowWithName(name: string, workflow: Workflow, metadata?: WorkflowMetadata): this {
    this.registry.addWorkflow(name, workflow, metadata);
    return this;
  }
  /** Registers an activity under its function name. */
  registerActivity(activity: WorkflowActivity): this {
    return this.registerActivityWithName(activity.name, activity);
  }
  /** Registers an activity under the given name. */
  registerActivityWithName(name: string, activity: WorkflowActivity): this {
    this.registry.addActivity(name, activity);
    return this;
  }

  /**
   * Starts the heartbeat and claiming and running work. With a worker ID given (FLOWDECK_WORKER_ID), leases still
   * held under it are a previous process's and are released first.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.fixedWorkerId) {
      await this.store.releaseLeases(this.options.workerId).catch((error: unknown) => this.log.message('warn', 'releasing the leases a previous process left under this worker ID failed', error));
    }
    this.heartbeat.start();
    for (const worker of this.workers) worker.start();
    this.log.event('worker-started');
  }

  /**
   * Stops claiming, lets running activities finish (up to shutdownGraceMs), releases this worker's leases and
   * deletes its heartbeat.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    try {
      await Promise.all(this.workers.map((worker) => worker.stop()));
      await this.store.releaseLeases(this.options.workerId);
    } finally {
      await this.heartbeat.stop();
    }
    this.log.event('worker-stopped');
  }

  /** The workflow steps and activity attempts this runtime's workers are running now. */
  inFlight(): { steps: number; activities: number } {
    let steps = 0;
    let activities = 0;
    for (const worker of this.workers) {
      if (worker instanceof WorkflowWorker) steps += worker.inFlight;
      else activities += worker.inFlight;
    }
    return { steps, activities };
  }

  /** A client wired to this runtime's store, registry and wake-ups. */
  client(): WorkflowClient {
    return new WorkflowClient({
      store: this.store,
      registry: this.registry,
      acceptsUnregistered: (name) => this.acceptsUnregistered?.(name) ?? 'refused',
      notifier: this.notifier,
      maxPayloadBytes: this.options.maxPayloadBytes,
    });
  }

  /** Lets this runtime's clients start workflow names it has not registered when `accepts` says so (remote workers). */
  acceptUnregisteredWorkflows(accepts: UnregisteredNamePolicy): void {
    this.acceptsUnregistered = accepts;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
