import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { InProcessActivityRunner } from './activity-runner';
import { ActivityWorker } from './activity-worker';
import { InProcessWorkflowRunner } from './in-process-runner';
import type { DaprConnectionOptions, Workflow, WorkflowActivity } from './authoring';
import { defaultEngine } from './default-engine';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './engine-options';
import { Registry, type WorkflowMetadata } from './registry';
import type { WorkflowStore } from './store';
import { WorkflowClient } from './workflow-client';
import type { EngineLogger } from './claim-loop';
import { WorkflowWorker } from './workflow-worker';
import { WorkNotifier } from './work-notifier';

/** How to build a runtime: a store (or the default engine's), tuning options and a logger. */
export interface WorkflowRuntimeConfig extends Partial<EngineOptions>, DaprConnectionOptions {
  store?: WorkflowStore;
  registry?: Registry;
  notifier?: WorkNotifier;
  log?: EngineLogger;
}

const consoleLogger: EngineLogger = (level, message, error) => {
  const detail = error instanceof Error ? `: ${error.message}` : '';
  console[level](`[flowdeck] ${message}${detail}`);
};

/** Hosts workflows and activities: register them, then start() the workers (the Dapr WorkflowRuntime). */
export class WorkflowRuntime {
  readonly registry: Registry;
  readonly store: WorkflowStore;
  readonly notifier: WorkNotifier;
  readonly options: EngineOptions;
  private readonly workflowWorker: WorkflowWorker;
  private readonly activityWorker: ActivityWorker;
  private started = false;

  constructor(config: WorkflowRuntimeConfig = {}) {
    const env = config.store ? undefined : defaultEngine();
    this.store = config.store ?? env!.store;
    this.registry = config.registry ?? env?.registry ?? new Registry();
    this.notifier = config.notifier ?? env?.notifier ?? new WorkNotifier();
    const { store: _s, registry: _r, notifier: _n, log: _l, daprHost: _h, daprPort: _p, logger: _g, ...tuning } = config;
    this.options = {
      ...DEFAULT_ENGINE_OPTIONS,
      workerId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      ...stripUndefined(tuning),
    };
    const log = config.log ?? consoleLogger;
    const workflows = new InProcessWorkflowRunner(this.registry, this.options.maxPayloadBytes, this.options.executorCacheSize);
    const activities = new InProcessActivityRunner(this.registry, this.store, this.options.maxPayloadBytes);
    this.workflowWorker = new WorkflowWorker(this.store, workflows, this.notifier, this.options, log);
    this.activityWorker = new ActivityWorker(this.store, activities, this.notifier, this.options, log);
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

  /** Starts claiming and running work. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.workflowWorker.start();
    this.activityWorker.start();
  }

  /** Stops claiming, lets running activities finish (up to shutdownGraceMs) and releases this worker's leases. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all([this.workflowWorker.stop(), this.activityWorker.stop()]);
    await this.store.releaseLeases(this.options.workerId);
  }

  /** A client wired to this runtime's store, registry and wake-ups. */
  client(): WorkflowClient {
    return new WorkflowClient({ store: this.store, registry: this.registry, notifier: this.notifier, maxPayloadBytes: this.options.maxPayloadBytes });
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
