'use client';

import { formatAgo, formatTimeIn, formatTimeWithZone } from '@/lib/client/format';
import type { TimeZoneChoice } from '@/lib/client/time-zone';

/** Props of TimeCell. */
export interface TimeCellProps {
  iso?: string;
  now: number;
  zone: TimeZoneChoice;
}

/** A time as "3 m ago", with the absolute time and its zone on hover (and for screen readers). */
export function TimeCell({ iso, now, zone }: TimeCellProps) {
  if (!iso) return <span className="muted">—</span>;
  const absolute = formatTimeWithZone(iso, zone);
  return (
    <time dateTime={iso} title={absolute} aria-label={`${formatAgo(iso, now)}, ${absolute}`} data-absolute={formatTimeIn(iso, zone)}>
      {formatAgo(iso, now)}
    </time>
  );
}
