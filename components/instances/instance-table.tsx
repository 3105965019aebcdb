'use client';

import Link from 'next/link';
import type { InstanceSummary } from '@/lib/api/dto';
import { formatDuration, instanceDurationMs } from '@/lib/client/format';
import type { InstanceSortKey } from '@/lib/client/instance-filters';
import type { TimeZoneChoice } from '@/lib/client/time-zone';
import { usePermissions } from '@/lib/client/session';
import { StatusBadge } from '@/components/ui/status-badge';
import { WaitingForWorkerNote } from '@/components/ui/waiting-for-worker-note';
import { SortHeader } from './sort-header';
import { TimeCell } from './time-cell';
import { WaitingCell } from './waiting-cell';

/** Props of InstanceTable. */
export interface InstanceTableProps {
  items: InstanceSummary[];
  selected: ReadonlySet<string>;
  onToggle: (instanceId: string) => void;
  onToggleAll: (select: boolean) => void;
  now: number;
  zone: TimeZoneChoice;
  sort: InstanceSortKey;
  order: 'asc' | 'desc';
  onSort: (sort: InstanceSortKey, order: 'asc' | 'desc') => void;
}

const instanceHref = (id: string) => `/instances/${encodeURIComponent(id)}`;

/** The instances of one page: selectable rows linking to each instance's page, with sortable columns. */
export function InstanceTable({ items, selected, onToggle, onToggleAll, now, zone, sort, order, onSort }: InstanceTableProps) {
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.instanceId));
  // Selecting is for the bulk actions, which are an operator's.
  const cannotSelect = usePermissions().whyNot('operator');
  const header = (label: string, sortKey: InstanceSortKey) => <SortHeader label={label} sortKey={sortKey} sort={sort} order={order} onSort={onSort} />;
  return (
    <table className="data-table instance-table">
      <thead>
        <tr>
          <th className="col-check">
            <input type="checkbox" aria-label="Select all instances on this page" checked={allSelected} disabled={!!cannotSelect} title={cannotSelect} onChange={(e) => onToggleAll(e.target.checked)} />
          </th>
          <th>Instance ID</th>
          {header('Workflow', 'name')}
          {header('Status', 'status')}
          <th>Waits on</th>
          <th>Parent</th>
          {header('Created', 'created')}
          {header('Updated', 'updated')}
          {header('Completed', 'completed')}
          {header('Duration', 'duration')}
          <th>Failure</th>
          <th>Custom status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.instanceId} className={selected.has(item.instanceId) ? 'row-selected' : undefined}>
            <td className="col-check">
              <input type="checkbox" aria-label={`Select ${item.instanceId}`} checked={selected.has(item.instanceId)} disabled={!!cannotSelect} title={cannotSelect} onChange={() => onToggle(item.instanceId)} />
            </td>
            <td className="mono cell-id">
              <Link href={instanceHref(item.instanceId)}>{item.instanceId}</Link>
            </td>
            <td>{item.workflowName}</td>
            <td>
              <StatusBadge status={item.runtimeStatus} />
              {item.waitingForWorker && <WaitingForWorkerNote />}
            </td>
            <td className="nowrap">
              <WaitingCell item={item} now={now} zone={zone} />
            </td>
            <td className="mono cell-id">{item.parentInstanceId ? <Link href={instanceHref(item.parentInstanceId)}>{item.parentInstanceId}</Link> : <span className="muted">—</span>}</td>
            <td className="nowrap">
              <TimeCell iso={item.createdAt} now={now} zone={zone} />
            </td>
            <td className="nowrap">
              <TimeCell iso={item.lastUpdatedAt} now={now} zone={zone} />
            </td>
            <td className="nowrap">
              <TimeCell iso={item.completedAt} now={now} zone={zone} />
            </td>
            <td className="nowrap">{formatDuration(instanceDurationMs(item, now))}</td>
            <td className="cell-failure" title={item.failureType ? `${item.failureType}: ${item.failureReason ?? ''}` : undefined}>
              {item.failureType ? (
                <>
                  <span className="mono">{item.failureType}</span> {item.failureReason}
                </>
              ) : (
                ''
              )}
            </td>
            <td className="cell-custom" title={item.customStatus}>
              {item.customStatus ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
