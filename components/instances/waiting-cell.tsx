'use client';

import type { InstanceSummary } from '@/lib/api/dto';
import { formatAgo, formatTimeWithZone } from '@/lib/client/format';
import type { TimeZoneChoice } from '@/lib/client/time-zone';

const KIND_LABELS = { event: 'event', activity: 'activity', child: 'child', timer: 'timer' } as const;

/** What a row's instance waits on, and for how long (the absolute start on hover). */
export function WaitingCell({ item, now, zone }: { item: InstanceSummary; now: number; zone: TimeZoneChoice }) {
  if (item.waitingForWorker) return <span className="wait-kind">worker</span>;
  const wait = item.waiting;
  if (!wait) return <span className="muted">—</span>;
  const ago = formatAgo(wait.since, now);
  const since = ago === 'just now' ? 'just now' : `for ${ago.replace(/ ago$/, '')}`;
  return (
    <span className="wait-cell" title={`since ${formatTimeWithZone(wait.since, zone)}`}>
      <span className="wait-kind">{KIND_LABELS[wait.kind]}</span> <span className="mono">{wait.name ?? '(unnamed)'}</span>{' '}
      <span className="muted">{since}</span>
    </span>
  );
}
