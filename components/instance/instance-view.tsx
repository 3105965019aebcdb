'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { refreshIntervalOf, useLiveRefresh } from '@/lib/client/live-refresh';
import Link from 'next/link';
import dynamic from 'next/dynamic';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { isApiError } from '@/lib/client/api-error';
import { timelineWaitingOn } from '@/lib/client/event-waits';
import { historyQuery } from '@/lib/client/history-query';
import { loadOlderHistory, newestHistoryQuery } from '@/lib/client/newest-history';
import { instanceQuery } from '@/lib/client/queries';
import type { SequencedHistoryEvent } from '@/lib/engine/history-events';
import type { TimelineTask } from '@/lib/graph/timeline-model';
import { isTerminalStatus } from '@/lib/engine/runtime-status';
import { ErrorBanner } from '@/components/ui/error-banner';
import { ActivityLog as ActivityLogPanel } from './activity-log';
import { ClosedExecutionView } from './closed-execution-view';
import { CompareWith } from './compare-with';
import { ExecutionsNav } from './executions-nav';
import { executionsQuery } from './recovery-api';
import type { RerunTarget } from './rerun-dialog';
import { RerunLinks } from './rerun-links';
import { rerunTargetOfEvent, rerunTargetOfTask } from './rerun-target';
import { HistoryTable as HistoryTablePanel } from './history-table';
import { InstanceControls, InstanceRaiseEvent } from './instance-controls';
import { InstanceHeader } from './instance-header';
import { PayloadPanels as PayloadPanelsView } from './payload-panels';
import { RemoteWaitNotices } from './remote-wait-notices';
import { loadTimelineGraph, TimelineSection as TimelinePanel } from './timeline-section';

// Opened only on demand: its code (and the JSON editor's) is loaded then, not evaluated with the page.
const RerunDialog = dynamic(() => import('./rerun-dialog').then((m) => m.RerunDialog));

// The page's big parts skip the quick render with the previous data that precedes each deferred one (see below).
const TimelineSection = memo(TimelinePanel);
const PayloadPanels = memo(PayloadPanelsView);
const HistoryTable = memo(HistoryTablePanel);
const ActivityLog = memo(ActivityLogPanel);

const NO_EVENTS: SequencedHistoryEvent[] = [];
const childLink = (id: string) => `/instances/${encodeURIComponent(id)}`;

/**
 * One instance's page: header, controls, rerun links, executions, timeline, payloads, history and logs, refreshed every
 * second while it runs; with `executionId` of a closed execution, that execution read-only.
 */
export function InstanceView({ instanceId, executionId }: { instanceId: string; executionId?: string }) {
  const client = useQueryClient();
  const live = useLiveRefresh().choice;
  useEffect(() => void loadTimelineGraph(), []);
  const detail = useQuery({
    ...instanceQuery(instanceId),
    refetchInterval: (q) => refreshIntervalOf(live, q.state.data && isTerminalStatus(q.state.data.runtimeStatus) ? 5000 : 1000),
  });
  // The page draws the instance in a transition: when its data arrives (or changes), React renders the page's many
  // parts in slices that yield to the browser, not in one long task; the queries below start on the data at once.
  const fetched = detail.data;
  const instance = useDeferredValue(fetched);
  const history = useQuery({
    ...historyQuery(client, instanceId, fetched?.executionId ?? ''),
    enabled: !!fetched,
  });
  const held = history.data?.length ?? 0;
  const refetchHistory = history.refetch;
  useEffect(() => {
    if (fetched && held < fetched.historyLength && !history.isFetching) void refetchHistory();
  }, [fetched, held, history.isFetching, refetchHistory]);
  // The table's own pages: the newest events first (shown before the whole history has loaded), older ones on demand.
  const table = useQuery({ ...newestHistoryQuery(client, instanceId, fetched?.executionId ?? ''), enabled: !!fetched });
  const tableNext = (table.data?.events[0]?.sequence ?? -1) + 1;
  const refetchTable = table.refetch;
  useEffect(() => {
    if (fetched && tableNext < fetched.historyLength && !table.isFetching) void refetchTable();
  }, [fetched, tableNext, table.isFetching, refetchTable]);
  const older = useMutation({ mutationFn: () => loadOlderHistory(client, instanceId, fetched?.executionId ?? '') });
  const loadOlder = older.mutate;
  const onLoadOlder = useCallback(() => loadOlder(), [loadOlder]);
  const [raise, setRaise] = useState<{ name?: string } | null>(null);
  const openRaise = useCallback((name?: string) => setRaise({ name }), []);
  const waitingOn = useMemo(() => (instance ? timelineWaitingOn(instance) : undefined), [instance]);
  const executions = useQuery({ ...executionsQuery(instanceId), enabled: !!fetched, staleTime: Infinity });
  const refetchExecutions = executions.refetch;
  const currentExecution = fetched?.executionId;
  useEffect(() => {
    if (currentExecution) void refetchExecutions();
  }, [currentExecution, refetchExecutions]);
  const [rerun, setRerun] = useState<RerunTarget | null>(null);
  const finished = !!instance && isTerminalStatus(instance.runtimeStatus);
  const rerunEvent = useCallback((e: SequencedHistoryEvent) => setRerun(rerunTargetOfEvent(e) ?? null), []);
  const rerunTask = useCallback((task: TimelineTask) => setRerun(rerunTargetOfTask(task) ?? null), []);

  if (detail.isPending || (fetched && !instance)) return <p className="empty">Loading instance…</p>;
  if (!instance) {
    const missing = isApiError(detail.error) && detail.error.status === 404;
    return (
      <section>
        <h1>{missing ? 'Instance not found' : 'Could not load the instance'}</h1>
        {missing ? <p className="muted">No instance has the ID <span className="mono">{instanceId}</span>; it may have been purged.</p> : <ErrorBanner error={detail.error} />}
        <Link href="/">Back to instances</Link>
      </section>
    );
  }
  const list = executions.data?.executions;
  const shown = list && (list.find((e) => e.executionId === executionId) ?? list.find((e) => e.current));
  return (
    <section className="instance-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/">Instances</Link> / <span className="mono">{instance.instanceId}</span>
      </nav>
      <InstanceHeader instance={instance} />
      <RerunLinks instanceId={instance.instanceId} />
      {shown && executions.data && <ExecutionsNav instanceId={instance.instanceId} executions={executions.data} shown={shown} />}
      {shown && !shown.current ? (
        <ClosedExecutionView instanceId={instance.instanceId} execution={shown} />
      ) : (
        <>
          <InstanceControls instance={instance} onRaiseRequest={openRaise} />
          <RemoteWaitNotices instance={instance} onRaise={isTerminalStatus(instance.runtimeStatus) ? undefined : openRaise} />
          {detail.error && <ErrorBanner error={detail.error} prefix="Refresh failed (showing the last known state)" />}
          <TimelineSection
            history={history.data ?? NO_EVENTS}
            loading={history.isPending}
            status={instance.runtimeStatus}
            waitingOn={waitingOn}
            onRaiseEvent={isTerminalStatus(instance.runtimeStatus) ? undefined : openRaise}
            childLink={childLink}
            onRerun={finished ? rerunTask : undefined}
          />
          <PayloadPanels instance={instance} />
          <ErrorBanner error={history.error ?? table.error} prefix="Could not load the history" />
          <ErrorBanner error={older.error} prefix="Could not load older events" />
          <HistoryTable
            events={table.data?.events ?? NO_EVENTS}
            total={instance.historyLength}
            loading={table.isPending}
            namesFrom={history.data}
            onLoadOlder={table.data?.nextBefore === undefined ? undefined : onLoadOlder}
            loadingOlder={older.isPending}
            onRerun={finished ? rerunEvent : undefined}
          />
          <ActivityLog lines={instance.activityLogs} omitted={instance.activityLogsOmitted} />
        </>
      )}
      <CompareWith instanceId={instance.instanceId} />
      {raise && <InstanceRaiseEvent instance={instance} name={raise.name} onClose={() => setRaise(null)} />}
      {rerun && <RerunDialog instanceId={instance.instanceId} target={rerun} workflowInput={instance.input} onClose={() => setRerun(null)} />}
    </section>
  );
}
