'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** How the dashboard shows absolute times: in UTC or in the browser's zone. */
export type TimeZoneChoice = 'utc' | 'local';

const KEY = 'flowdeck.timeZone';
const EVENT = 'flowdeck-time-zone';

function read(): TimeZoneChoice {
  try {
    return window.localStorage.getItem(KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The time zone choice kept per browser (localStorage), and a setter; 'local' until chosen (and on the server). */
export function useTimeZone(): [TimeZoneChoice, (choice: TimeZoneChoice) => void] {
  const zone = useSyncExternalStore(subscribe, read, () => 'local' as const);
  const set = useCallback((choice: TimeZoneChoice) => {
    try {
      window.localStorage.setItem(KEY, choice);
    } catch {
      // storage refused (private mode): the choice lasts for this page only
    }
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [zone, set];
}
