'use client';

import { LIVE_REFRESH_CHOICES, useLiveRefresh, type LiveRefresh } from '@/lib/client/live-refresh';

const LABELS: Record<LiveRefresh, string> = { auto: 'Live: auto', '1s': 'Live: 1 s', '2s': 'Live: 2 s', '5s': 'Live: 5 s', '15s': 'Live: 15 s', '60s': 'Live: 1 min', paused: 'Live: paused' };

/** Pause/resume the dashboard's live refresh, and how often it refreshes (kept per browser). */
export function RefreshControl() {
  const { choice, choose, toggle } = useLiveRefresh();
  const paused = choice === 'paused';
  return (
    <div className="refresh-control" role="group" aria-label="Live refresh">
      <button type="button" className="icon-button refresh-toggle" onClick={toggle} aria-label={paused ? 'Continue live updates' : 'Hold live updates'} title={paused ? 'Continue live updates (refresh is paused)' : 'Hold live updates (pause refreshing)'}>
        <span aria-hidden>{paused ? '▶' : '❚❚'}</span>
      </button>
      <select aria-label="Refresh interval" value={choice} onChange={(e) => choose(e.target.value as LiveRefresh)}>
        {LIVE_REFRESH_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </div>
  );
}
