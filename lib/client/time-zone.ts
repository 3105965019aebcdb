'use client';

import { useStoredChoice } from './stored-choice';

/** How the dashboard shows absolute times: in UTC or in the browser's zone. */
export type TimeZoneChoice = 'utc' | 'local';

const KEY = 'flowdeck.timeZone';
const ZONES: readonly TimeZoneChoice[] = ['utc', 'local'];

/** The time zone choice kept per browser (localStorage), and a setter; 'local' until chosen (and on the server). */
export function useTimeZone(): [TimeZoneChoice, (choice: TimeZoneChoice) => void] {
  return useStoredChoice(KEY, ZONES, 'local');
}
