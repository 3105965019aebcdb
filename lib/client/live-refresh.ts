'use client';

import { useStoredChoice } from './stored-choice';

/** How often live pages refresh: each page's own pace (auto), a fixed interval, or not at all (paused). */
export type LiveRefresh = 'auto' | '1s' | '2s' | '5s' | '15s' | '60s' | 'paused';

/** The choices, in the order the control offers them. */
export const LIVE_REFRESH_CHOICES: readonly LiveRefresh[] = ['auto', '1s', '2s', '5s', '15s', '60s', 'paused'];

const KEY = 'flowdeck.liveRefresh';
/** The last interval before a pause, so resuming goes back to it. */
const RESUME_KEY = 'flowdeck.liveRefreshResume';

/** The interval (ms) a page refreshing every `pageMs` by itself uses under `choice`; false when paused. */
export function refreshIntervalOf(choice: LiveRefresh, pageMs: number): number | false {
  if (choice === 'paused') return false;
  if (choice === 'auto') return pageMs;
  return Number(choice.slice(0, -1)) * 1000;
}

/** The browser's live-refresh choice (kept per browser, followed across tabs) and a way to change it. */
export function useLiveRefresh(): { choice: LiveRefresh; choose: (next: LiveRefresh) => void; toggle: () => void } {
  const [choice, choose] = useStoredChoice(KEY, LIVE_REFRESH_CHOICES, 'auto');
  const [resume, keepResume] = useStoredChoice(RESUME_KEY, LIVE_REFRESH_CHOICES, 'auto');
  const toggle = () => {
    if (choice === 'paused') choose(resume === 'paused' ? 'auto' : resume);
    else {
      keepResume(choice);
      choose('paused');
    }
  };
  return { choice, choose, toggle };
}

/** The refetch interval for a page that refreshes every `pageMs` by itself, under the browser's choice. */
export function useRefreshInterval(pageMs: number): number | false {
  return refreshIntervalOf(useLiveRefresh().choice, pageMs);
}
