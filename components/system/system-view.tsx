'use client';

import { useQuery } from '@tanstack/react-query';
import { useRefreshInterval } from '@/lib/client/live-refresh';
import type { SystemResponse } from '@/lib/api/system-status';
import { formatDuration, formatTime } from '@/lib/client/format';
import { summarizeSamples } from '@/lib/observability/system-samples';
import { ErrorBanner } from '@/components/ui/error-banner';
import { systemQuery } from './system-query';
import { TimeSeriesChart } from './time-series-chart';
import { WorkersTable } from './workers-table';
import './system.css';

const number = (value: number | null, digits = 1) => (value === null ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits }));

/** The System page: processes and workers, live throughput and latency, backlog, timers, database health, retention. */
export function SystemView() {
  const liveMs = useRefreshInterval(2000);
  const system = useQuery({ ...systemQuery(), refetchInterval: liveMs });
  const data = system.data;
  return (
    <section>
      <div className="page-head">
        <h1>System</h1>
        <a href="/metrics" className="muted" target="_blank" rel="noreferrer">
          Prometheus metrics (/metrics)
        </a>
      </div>
      <ErrorBanner error={system.error} prefix="Could not load the system status" />
      {system.isPending ? <p className="empty">Loading the system status…</p> : data ? <SystemFigures data={data} /> : null}
    </section>
  );
}

function SystemFigures({ data }: { data: SystemResponse }) {
  const { database, backlog, throughput } = data;
  const summary = throughput ? summarizeSamples(throughput.points, throughput.bucketSeconds) : undefined;
  const times = throughput?.points.map((p) => Date.parse(p.at) / 1000) ?? [];
  return (
    <>
      {database.status !== 'ok' ? (
        <div className={`banner ${database.status === 'unavailable' ? 'banner-error' : 'banner-warn'}`} role="alert">
          The database is {database.status === 'unavailable' ? 'unavailable' : 'refusing writes'}: {database.reason}
        </div>
      ) : null}
      <dl className="facts system-facts" aria-label="System figures">
        <Fact label="Database" testId="database">
          {database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} · <span className={database.status === 'ok' ? 'ok-text' : 'fail-text'}>{database.status === 'ok' ? 'healthy (write check passed)' : database.status}</span>
        </Fact>
        <Fact label="Oldest waiting step" testId="inbox-age">{backlog ? formatDuration(backlog.inboxAgeSeconds * 1000) : '—'}</Fact>
        <Fact label="Oldest waiting activity" testId="activity-age">{backlog ? formatDuration(backlog.activityAgeSeconds * 1000) : '—'}</Fact>
        <Fact label="Timers due in the next minute" testId="timers-due">{backlog ? backlog.timersDueNextMinute : '—'}</Fact>
        <Fact label="Steps (15 min, this process)" testId="steps-total">{summary ? summary.steps : '—'}</Fact>
        <Fact label="Activities (15 min, this process)" testId="activities-total">{summary ? summary.activities : '—'}</Fact>
        <Fact label="Failures (15 min)" testId="failures-total">{summary ? summary.failures : '—'}</Fact>
        <Fact label="Steps/s (last minute)" testId="steps-rate">{summary ? number(summary.stepsPerSecond, 2) : '—'}</Fact>
        <Fact label="Step latency (last minute)" testId="step-latency">{summary?.stepLatencyMs != null ? `${number(summary.stepLatencyMs)} ms` : '—'}</Fact>
        <Fact label="Activity latency (last minute)" testId="activity-latency">{summary?.activityLatencyMs != null ? `${number(summary.activityLatencyMs)} ms` : '—'}</Fact>
        <Fact label="Retention" testId="retention">
          {retentionText(data.retention)}
        </Fact>
      </dl>
      {throughput ? (
        <div className="system-charts">
          <TimeSeriesChart
            title="Throughput"
            unit="per second"
            times={times}
            series={[
              { label: 'steps/s', colour: '#2f5bd3', values: throughput.points.map((p) => p.stepsPerSecond) },
              { label: 'activities/s', colour: '#1b8a4b', values: throughput.points.map((p) => p.activitiesPerSecond) },
              { label: 'failures/s', colour: '#c43b3b', values: throughput.points.map((p) => p.failuresPerSecond) },
            ]}
          />
          <TimeSeriesChart
            title="Mean latency"
            unit="ms"
            dots
            times={times}
            series={[
              { label: 'step ms', colour: '#2f5bd3', values: throughput.points.map((p) => p.stepLatencyMs) },
              { label: 'activity ms', colour: '#1b8a4b', values: throughput.points.map((p) => p.activityLatencyMs) },
            ]}
          />
        </div>
      ) : (
        <p className="empty">Metrics are off in this process (FLOWDECK_METRICS=off): no throughput or latency to chart.</p>
      )}
      <h2>Processes and workers</h2>
      <WorkersTable workers={data.workers} remote={data.remoteWorkers} />
      <p className="muted system-note">
        Figures of steps, activities and latency are this process&apos;s ({data.process.workerId}, Flowdeck {data.process.version}); backlog, timers and
        the database are the whole database&apos;s. Each process serves its own <a href="/metrics">/metrics</a>.
      </p>
    </>
  );
}

function Fact({ label, testId, children }: { label: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <dt className="fact-label">{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** "30 days; last run 10:42:07, removed 12" or "not configured: finished instances are kept". */
function retentionText(retention: SystemResponse['retention']): string {
  if (!retention.configured) return 'not configured: finished instances are kept';
  const last = retention.lastRunAt ? `last run ${formatTime(retention.lastRunAt)}, removed ${retention.lastRemoved ?? 0}` : 'not run yet';
  return `${retention.policy}; ${last}${retention.lastError ? ` (stopped: ${retention.lastError})` : ''}`;
}
