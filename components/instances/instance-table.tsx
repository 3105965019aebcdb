'use client';

import Link from 'next/link';
import type { InstanceSummary } from '@/lib/api/dto';
import { formatDuration, formatTime, instanceDurationMs } from '@/lib/client/format';
import { StatusBadge } from '@/components/ui/status-badge';
import { WaitingForWorkerNote } from '@/components/ui/waiting-for-worker-note';

/** Props of InstanceTable. */
export interface InstanceTableProps {
  items: InstanceSummary[];
  selected: ReadonlySet<string>;
  onToggle: (instanceId: string) => void;
  onToggleAll: (select: boolean) => void;
  now: number;
}

/** The instances of one page: selectable rows linking to each instance's page. */
export function InstanceTable({ items, selected, onToggle, onToggleAll, now }: InstanceTableProps) {
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.instanceId));
  return (
    <table className="data-table instance-table">
      <thead>
        <tr>
          <th className="col-check">
            <input
              type="checkbox"
              aria-label="Select all instances on this page"
              checked={allSelected}
              onChange={(e) => onToggleAll(e.target.checked)}
            />
          </th>
          <th>Instance ID</th>
          <th>Workflow</th>
          <th>Status</th>
          <th>Created</th>
          <th>Last updated</th>
          <th>Duration</th>
          <th>Custom status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.instanceId} className={selected.has(item.instanceId) ? 'row-selected' : undefined}>
            <td className="col-check">
              <input
                type="checkbox"
                aria-label={`Select ${item.instanceId}`}
                checked={selected.has(item.instanceId)}
                onChange={() => onToggle(item.instanceId)}
              />
            </td>
            <td className="mono cell-id">
              <Link href={`/instances/${encodeURIComponent(item.instanceId)}`}>{item.instanceId}</Link>
            </td>
            <td>{item.workflowName}</td>
            <td>
              <StatusBadge status={item.runtimeStatus} />
              {item.waitingForWorker && <WaitingForWorkerNote />}
            </td>
            <td className="nowrap">{formatTime(item.createdAt)}</td>
            <td className="nowrap">{formatTime(item.lastUpdatedAt)}</td>
            <td className="nowrap">{formatDuration(instanceDurationMs(item, now))}</td>
            <td className="cell-custom" title={item.customStatus}>
              {item.customStatus ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
