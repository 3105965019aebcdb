// Prometheus metrics of one Flowdeck process (prom-client): the engine's hooks (steps, activity attempts, claims,
// takeovers), the HTTP API's timings, the gRPC streams, database faults and periodic reads of the store.
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { OperationsStore } from '../engine/store';
import type { ActivityAttemptInfo, EngineTelemetry, TelemetryOutcome, TelemetryScope, TelemetryWorkerKind, WorkflowStepInfo } from '../engine/telemetry';
import { databaseFaultOf } from '../store/database-faults';
import { defineSeries, type MetricSeries } from './metrics-series';
import { StorePoller, type StoreReading } from './store-poller';
import { SystemSamples } from './system-samples';

/** Where a database fault was met. */
export type DatabaseErrorSource = 'claim' | 'step' | 'activity' | 'api' | 'metrics';

/** What the gRPC side tells metrics (read at scrape time). */
export interface GrpcFigures {
  connected(): number;
  outstanding?(): number;
}

/** How to build a process's metrics. */
export interface MetricsOptions {
  /** Read every `pollIntervalMs` for instance counts and the backlog. */
  store: OperationsStore;
  /** How often the store is read (ms; default 15 s). */
  pollIntervalMs?: number;
  /** Also expose prom-client's default process metrics (CPU, memory, event loop; default true). */
  processMetrics?: boolean;
  /** The gRPC streams of this process, once it serves them. */
  grpc?: () => GrpcFigures | undefined;
}

/** A process's metrics: the engine telemetry plus what the host, the routes and the System page use. */
export interface MetricsTelemetry extends EngineTelemetry {
  claimFailed(worker: TelemetryWorkerKind, error: unknown): void;
  workersTakenOver(workerIds: readonly string[]): void;
  readonly registry: Registry;
  /** The last 15 minutes of throughput and latency of this process. */
  readonly samples: SystemSamples;
  /** Steps and activity attempts this process runs now. */
  inFlight(): { steps: number; activities: number };
  /** The last periodic read of the store (undefined before the first succeeded). */
  lastReading(): StoreReading | undefined;
  /** Records an HTTP request: its route pattern (bounded: never a raw path), method, status and duration. */
  observeHttp(route: string, method: string, status: number, seconds: number): void;
  /** Counts `error` under its fault kind when it is a database fault (anything else is not counted). */
  databaseError(source: DatabaseErrorSource, error: unknown): void;
  /** Reads the store now (tests; the poller does it every interval). */
  refresh(): Promise<void>;
  /** Starts the periodic store reads. */
  start(): void;
  /** Stops them. */
  stop(): Promise<void>;
  /** The Prometheus text exposition of every series. */
  text(): Promise<string>;
}

const DEFAULT_POLL_MS = 15_000;

/** Builds the metrics of one process on a registry of their own (several runtimes in one process never mix). */
export function createMetricsTelemetry(options: MetricsOptions): MetricsTelemetry {
  const registry = new Registry();
  const grpc = () => options.grpc?.();
  let inFlightSteps = 0;
  let inFlightActivities = 0;
  const series = defineSeries(registry, {
    streams: () => grpc()?.connected(),
    outstanding: () => grpc()?.outstanding?.(),
    stepsInFlight: () => inFlightSteps,
    activitiesInFlight: () => inFlightActivities,
  });
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const samples = new SystemSamples();
  const counters = new ChildCache(series);
  const workflowLag = series.claimLag.labels('workflow');
  const activityLag = series.claimLag.labels('activity');
  let last: StoreReading | undefined;

  const databaseError = (source: DatabaseErrorSource, error: unknown) => {
    const fault = databaseFaultOf(error);
    if (fault) series.databaseErrors.inc({ kind: fault.kind, source });
  };
  const poller = new StorePoller(options.store, options.pollIntervalMs ?? DEFAULT_POLL_MS, (reading) => applyReading(series, (last = reading)), (error) => databaseError('metrics', error));

  const workflowStep = (info: WorkflowStepInfo): TelemetryScope => {
    const began = performance.now();
    if (info.oldestVisibleAt) workflowLag.observe(Math.max(0, Date.now() - info.oldestVisibleAt.getTime()) / 1000);
    inFlightSteps++;
    return {
      end: (outcome, error) => {
        const seconds = (performance.now() - began) / 1000;
        inFlightSteps--;
        const children = counters.workflow(info.workflowName);
        children.count(outcome).inc();
        children.duration.observe(seconds);
        samples.step(seconds, outcome !== 'completed');
        endedAs('workflow', outcome, error);
      },
    };
  };

  const activityAttempt = (info: ActivityAttemptInfo): TelemetryScope => {
    const began = performance.now();
    if (info.visibleAt) activityLag.observe(Math.max(0, Date.now() - info.visibleAt.getTime()) / 1000);
    inFlightActivities++;
    return {
      end: (outcome, error) => {
        const seconds = (performance.now() - began) / 1000;
        inFlightActivities--;
        const children = counters.activity(info.activityName);
        children.count(outcome).inc();
        children.duration.observe(seconds);
        samples.activity(seconds, outcome !== 'completed');
        endedAs('activity', outcome, error);
      },
    };
  };

  const endedAs = (kind: TelemetryWorkerKind, outcome: TelemetryOutcome, error: unknown) => {
    if (outcome === 'lease-lost') series.leaseLosses.inc({ kind });
    if (outcome === 'abandoned') {
      series.redeliveries.inc({ kind });
      databaseError(kind === 'workflow' ? 'step' : 'activity', error);
    }
  };

  return {
    registry,
    samples,
    workflowStep,
    activityAttempt,
    claimFailed: (_worker, error) => databaseError('claim', error),
    workersTakenOver: (workerIds) => series.takeovers.inc(workerIds.length),
    inFlight: () => ({ steps: inFlightSteps, activities: inFlightActivities }),
    lastReading: () => last,
    observeHttp: (route, method, status, seconds) => series.httpDuration.observe({ route, method, status: String(status) }, seconds),
    databaseError,
    refresh: () => poller.poll(),
    start: () => poller.start(),
    stop: () => poller.stop(),
    text: () => registry.metrics(),
  };
}

/** Sets the database-wide gauges from a poll. */
function applyReading(series: MetricSeries, reading: StoreReading): void {
  series.instances.reset();
  for (const { name, status, count } of reading.counts) series.instances.set({ workflow: name, status }, count);
  const age = (at: Date | undefined) => (at ? Math.max(0, reading.at.getTime() - at.getTime()) / 1000 : 0);
  series.backlogAge.set({ queue: 'inbox' }, age(reading.backlog.oldestInboxVisibleAt));
  series.backlogAge.set({ queue: 'activity' }, age(reading.backlog.oldestActivityVisibleAt));
  series.timersDue.set(reading.backlog.timersDue);
  series.storeReadAt.set(reading.at.getTime() / 1000);
}

/** A counter or histogram child, as the hot path uses it. */
type CounterChild = { inc(): void };
type HistogramChild = { observe(value: number): void };

/** The series children of one workflow or activity name: its duration and a counter per outcome, made on first use. */
interface NamedChildren {
  duration: HistogramChild;
  outcomes: Partial<Record<TelemetryOutcome, CounterChild>>;
  count(outcome: TelemetryOutcome): CounterChild;
}

/** The labelled children of the hot-path series, looked up once per name (prom-client hashes labels on every call otherwise). */
class ChildCache {
  private readonly workflows = new Map<string, NamedChildren>();
  private readonly activities = new Map<string, NamedChildren>();

  constructor(private readonly series: MetricSeries) {}

  workflow(name: string): NamedChildren {
    let children = this.workflows.get(name);
    if (!children) this.workflows.set(name, (children = named(this.series.stepDuration.labels(name), (outcome) => this.series.steps.labels(name, outcome))));
    return children;
  }

  activity(name: string): NamedChildren {
    let children = this.activities.get(name);
    if (!children) this.activities.set(name, (children = named(this.series.activityDuration.labels(name), (outcome) => this.series.activities.labels(name, outcome))));
    return children;
  }
}

function named(duration: HistogramChild, make: (outcome: TelemetryOutcome) => CounterChild): NamedChildren {
  const outcomes: NamedChildren['outcomes'] = {};
  return { duration, outcomes, count: (outcome) => (outcomes[outcome] ??= make(outcome)) };
}
