'use client';

import Link from 'next/link';
import type { InstanceDetail } from '@/lib/api/dto';
import { formatDuration, formatTime, instanceDurationMs } from '@/lib/client/format';
import { useNow } from '@/lib/client/use-now';
import { StatusBadge } from '@/components/ui/status-badge';
import { CopyButton } from '@/components/ui/copy-button';
import { DownloadHistoryButton } from '@/components/ui/download-history-button';
import { WaitingForWorkerNote } from '@/components/ui/waiting-for-worker-note';

const instanceHref = (id: string) => `/instances/${encodeURIComponent(id)}`;

/** The instance page's header: ID, workflow, status, times, custom status, parent and children. */
export function InstanceHeader({ instance }: { instance: InstanceDetail }) {
  const now = useNow();
  return (
    <header className="instance-header">
      <div className="instance-title">
        <h1 className="mono">{instance.instanceId}</h1>
        <CopyButton text={instance.instanceId} label="Copy instance ID" />
        <StatusBadge status={instance.runtimeStatus} />
        {instance.waitingForWorker && <WaitingForWorkerNote />}
        <DownloadHistoryButton instanceId={instance.instanceId} />
      </div>
      <dl className="facts">
        <Fact label="Workflow">{instance.workflowName}</Fact>
        <Fact label="Created">{formatTime(instance.createdAt)}</Fact>
        <Fact label="Last updated">{formatTime(instance.lastUpdatedAt)}</Fact>
        <Fact label="Duration">{formatDuration(instanceDurationMs(instance, now))}</Fact>
        <Fact label="Custom status">{instance.customStatus ?? '—'}</Fact>
        <Fact label="Events">{instance.historyLength}</Fact>
        {instance.scheduledStartAt && <Fact label="Scheduled start">{formatTime(instance.scheduledStartAt)}</Fact>}
        {instance.parentInstanceId && (
          <Fact label="Parent">
            {instance.parent ? (
              <Link href={instanceHref(instance.parentInstanceId)} className="mono">
                {instance.parentInstanceId}
              </Link>
            ) : (
              <span className="mono muted">{instance.parentInstanceId} (gone)</span>
            )}
          </Fact>
        )}
      </dl>
      {instance.children.length > 0 && (
        <div className="children">
          <span className="fact-label">Children ({instance.children.length}{instance.childrenTruncated ? '+' : ''})</span>
          <ul>
            {instance.children.map((c) => (
              <li key={c.instanceId}>
                <Link href={instanceHref(c.instanceId)} className="mono">
                  {c.instanceId}
                </Link>{' '}
                <StatusBadge status={c.runtimeStatus} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </header>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <dt className="fact-label">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
