'use client';

import { isoToLocalInput, localInputToIso } from '@/lib/client/local-time';
import type { TimeZoneChoice } from '@/lib/client/time-zone';

/** Props of TimeRangeFields. */
export interface TimeRangeFieldsProps {
  label: string;
  from?: string;
  to?: string;
  zone: TimeZoneChoice;
  onChange: (from: string | undefined, to: string | undefined) => void;
}

/** "<label> from … to …" as two datetime inputs, in UTC or the browser's zone. */
export function TimeRangeFields({ label, from, to, zone, onChange }: TimeRangeFieldsProps) {
  const suffix = zone === 'utc' ? ' (UTC)' : '';
  return (
    <>
      <label className="field-inline">
        <span>
          {label} from{suffix}
        </span>
        <input type="datetime-local" value={isoToLocalInput(from, zone)} onChange={(e) => onChange(localInputToIso(e.target.value, zone), to)} />
      </label>
      <label className="field-inline">
        <span>{label} to</span>
        <input type="datetime-local" value={isoToLocalInput(to, zone)} onChange={(e) => onChange(from, localInputToIso(e.target.value, zone))} />
      </label>
    </>
  );
}
