'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import type { ExecutionBody } from '@/lib/api/executions';
import { formatTime } from '@/lib/client/format';
import { ErrorBanner } from '@/components/ui/error-banner';
import { JsonViewer } from '@/components/ui/json-viewer';
import { HistoryTable } from './history-table';
import { executionHistoryQuery } from './recovery-api';
import { TimelineSection } from './timeline-section';

/** A closed execution of a continued-as-new instance, read-only: when it ran, its input and output, timeline and history. */
export function ClosedExecutionView({ instanceId, execution }: { instanceId: string; execution: ExecutionBody }) {
  const history = useQuery(executionHistoryQuery(instanceId, execution.executionId));
  const events = useMemo(() => history.data ?? [], [history.data]);
  const newestFirst = useMemo(() => [...events].reverse(), [events]);
  return (
    <>
      <div className="banner banner-info" role="status">
        <span>
          Execution {execution.index} ran from {formatTime(execution.startedAt)} to {formatTime(execution.closedAt)} and continued as new (ID{' '}
          <span className="mono">{execution.executionId}</span>).
        </span>
        <Link href={`/instances/${encodeURIComponent(instanceId)}`}>Back to the current execution</Link>
      </div>
      <ErrorBanner error={history.error} prefix="Could not load this execution's history" />
      <TimelineSection history={events} loading={history.isPending} status="CONTINUED_AS_NEW" />
      <div className="payload-grid">
        <JsonViewer title="Input" value={execution.input} />
        <JsonViewer title="Continued as new with" value={execution.output} />
      </div>
      <HistoryTable events={newestFirst} total={events.length} loading={history.isPending} />
    </>
  );
}
