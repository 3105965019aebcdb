'use client';

import { useTimeZone } from '@/lib/client/time-zone';

/** The UTC / local time switch (kept per browser). */
export function ZoneSwitch() {
  const [zone, setZone] = useTimeZone();
  return (
    <div className="segmented" role="group" aria-label="Time zone">
      {(['local', 'utc'] as const).map((choice) => (
        <button key={choice} type="button" className="segmented-option" aria-pressed={zone === choice} onClick={() => setZone(choice)}>
          {choice === 'utc' ? 'UTC' : 'Local time'}
        </button>
      ))}
    </div>
  );
}
