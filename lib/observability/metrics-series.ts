// Every Prometheus series Flowdeck exposes, defined once on a registry (names and help texts are the reference
// docs/OPERATIONS.md lists).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Latency buckets of workflow steps and HTTP requests (seconds). */
const FAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Buckets of activity durations and claim-to-start lag (seconds): activities and waiting work may take minutes. */
const SLOW_BUCKETS = [...FAST_BUCKETS, 30, 60, 300, 900];

/** The series of one registry. */
export interface MetricSeries {
  instances: Gauge<'workflow' | 'status'>;
  steps: Counter<'workflow' | 'outcome'>;
  activities: Counter<'activity' | 'outcome'>;
  stepDuration: Histogram<'workflow'>;
  activityDuration: Histogram<'activity'>;
  claimLag: Histogram<'kind'>;
  stepsInFlight: Gauge;
  activitiesInFlight: Gauge;
  backlogAge: Gauge<'queue'>;
  timersDue: Gauge;
  leaseLosses: Counter<'kind'>;
  redeliveries: Counter<'kind'>;
  takeovers: Counter;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  grpcStreams: Gauge;
  grpcOutstanding: Gauge;
  databaseErrors: Counter<'kind' | 'source'>;
  storeReadAt: Gauge;
}

/** Reads a value at scrape time (gRPC streams); undefined leaves the gauge unset. */
export type GaugeReader = () => number | undefined;

/** What the gauges read at scrape time (never set on the hot path). */
export interface ScrapeReaders {
  streams: GaugeReader;
  outstanding: GaugeReader;
  stepsInFlight: GaugeReader;
  activitiesInFlight: GaugeReader;
}

/** Registers the series on `registry`; `readers` are read at scrape time. */
export function defineSeries(registry: Registry, readers: ScrapeReaders): MetricSeries {
  const series = createSeries(registry, readers);
  // Counters alerts divide or rate() start at 0 for both kinds, rather than appearing at their first increment.
  for (const kind of ['workflow', 'activity']) {
    series.leaseLosses.inc({ kind }, 0);
    series.redeliveries.inc({ kind }, 0);
  }
  return series;
}

function createSeries(registry: Registry, readers: ScrapeReaders): MetricSeries {
  const registers = [registry];
  return {
    instances: new Gauge({ name: 'flowdeck_instances', help: 'Instances by workflow name and runtime status (a periodic count of the database).', labelNames: ['workflow', 'status'], registers }),
    steps: new Counter({ name: 'flowdeck_workflow_steps_total', help: 'Workflow steps this process ended, by workflow name and outcome (completed, abandoned, lease-lost).', labelNames: ['workflow', 'outcome'], registers }),
    activities: new Counter({ name: 'flowdeck_activity_executions_total', help: 'Activity attempts this process ended, by activity name and outcome (completed, failed, abandoned, lease-lost).', labelNames: ['activity', 'outcome'], registers }),
    stepDuration: new Histogram({ name: 'flowdeck_workflow_step_duration_seconds', help: 'Time from claim to commit of a workflow step (replay, actions, commit).', labelNames: ['workflow'], buckets: FAST_BUCKETS, registers }),
    activityDuration: new Histogram({ name: 'flowdeck_activity_duration_seconds', help: 'Time from claim to delivered result of an activity attempt.', labelNames: ['activity'], buckets: SLOW_BUCKETS, registers }),
    claimLag: new Histogram({ name: 'flowdeck_claim_lag_seconds', help: 'How long visible work waited before a worker of this process took it (kind: workflow, activity).', labelNames: ['kind'], buckets: SLOW_BUCKETS, registers }),
    stepsInFlight: new Gauge({ name: 'flowdeck_workflow_steps_in_flight', help: 'Workflow steps this process is running now.', registers, collect() { setIfKnown(this, readers.stepsInFlight()); } }),
    activitiesInFlight: new Gauge({ name: 'flowdeck_activities_in_flight', help: 'Activity attempts this process is running now.', registers, collect() { setIfKnown(this, readers.activitiesInFlight()); } }),
    backlogAge: new Gauge({ name: 'flowdeck_backlog_age_seconds', help: 'Age of the oldest visible work no worker holds (queue: inbox, activity); 0 when none waits.', labelNames: ['queue'], registers }),
    timersDue: new Gauge({ name: 'flowdeck_timers_due_next_minute', help: 'Inbox messages (durable timers, retry back-offs, scheduled starts) that become due in the next 60 s.', registers }),
    leaseLosses: new Counter({ name: 'flowdeck_lease_losses_total', help: 'Steps and activity results discarded because their lease moved to another worker (kind: workflow, activity).', labelNames: ['kind'], registers }),
    redeliveries: new Counter({ name: 'flowdeck_redeliveries_total', help: 'Steps and activity attempts given back unfinished to run again (kind: workflow, activity).', labelNames: ['kind'], registers }),
    takeovers: new Counter({ name: 'flowdeck_worker_takeovers_total', help: 'Workers this process judged dead and whose leases it took over (their work is redelivered).', registers }),
    httpDuration: new Histogram({ name: 'flowdeck_http_request_duration_seconds', help: 'HTTP API request duration by route pattern, method and status.', labelNames: ['route', 'method', 'status'], buckets: FAST_BUCKETS, registers }),
    grpcStreams: new Gauge({ name: 'flowdeck_grpc_streams_connected', help: 'GetWorkItems streams of Dapr SDK workers open on this process.', registers, collect() { setIfKnown(this, readers.streams()); } }),
    grpcOutstanding: new Gauge({ name: 'flowdeck_grpc_outstanding_work_items', help: 'Work items sent on those streams and not answered yet.', registers, collect() { setIfKnown(this, readers.outstanding()); } }),
    databaseErrors: new Counter({ name: 'flowdeck_database_errors_total', help: 'Database faults met, by kind (busy, read-only, disk-full, disk-io, shutting-down, unreachable) and source (claim, step, activity, api, metrics).', labelNames: ['kind', 'source'], registers }),
    storeReadAt: new Gauge({ name: 'flowdeck_metrics_store_read_timestamp_seconds', help: 'When the instance counts and backlog gauges were last read from the database (Unix time).', registers }),
  };
}

function setIfKnown(gauge: Gauge, value: number | undefined): void {
  if (value !== undefined) gauge.set(value);
}
