// Pure helpers of the dashboard's bulk jobs (bulk by filter): how many instances a view matches, a job's filter in
// words, and whether the typed confirmation is what POST /api/bulk-jobs expects.
import type { RuntimeStatus } from '@/lib/engine/runtime-status';

/** Above this many instances a job needs a typed confirmation (the API's CONFIRM_ABOVE). */
export const CONFIRM_ABOVE = 100;

/** How many instances the list's filters match, from its counts per status (which ignore the status filter). */
export function matchingCount(statuses: readonly RuntimeStatus[], counts: Partial<Record<RuntimeStatus, number>> | undefined): number {
  if (!counts) return 0;
  const keys = statuses.length ? statuses : (Object.keys(counts) as RuntimeStatus[]);
  return keys.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}

const WORDS: Record<string, (value: string) => string> = {
  status: (v) => `status ${v.split(',').join(', ')}`,
  name: (v) => `workflow ${v}`,
  idContains: (v) => `ID contains "${v}"`,
  idPrefix: (v) => `ID starts with "${v}"`,
  parentInstanceId: (v) => `children of ${v}`,
  topLevel: (v) => (v === 'true' ? 'top-level only' : ''),
  failureText: (v) => `failure contains "${v}"`,
  waitingKind: (v) => `waiting on ${v}`,
  waitingName: (v) => `"${v}"`,
  waitingLongerThan: (v) => `for more than ${v}`,
  createdFrom: (v) => `created from ${v}`,
  createdTo: (v) => `created to ${v}`,
  updatedFrom: (v) => `updated from ${v}`,
  updatedTo: (v) => `updated to ${v}`,
  completedFrom: (v) => `completed from ${v}`,
  completedTo: (v) => `completed to ${v}`,
};

/** A job's filter (the list's API query string) in words, e.g. `status RUNNING · ID contains "order-"`; sort and order left out. */
export function describeBulkFilter(filter: string): string {
  const parts: string[] = [];
  for (const [key, value] of new URLSearchParams(filter.replace(/^\?/, ''))) {
    if (key === 'sort' || key === 'order' || !value) continue;
    const words = Object.hasOwn(WORDS, key) ? WORDS[key](value) : `${key}=${value}`;
    if (words) parts.push(words);
  }
  return parts.length ? parts.join(' · ') : 'all instances';
}

/** Where a typed confirmation stands: not needed (at most CONFIRM_ABOVE), still empty, wrong, or accepted. */
export type ConfirmationState = 'not-needed' | 'missing' | 'wrong' | 'ok';

/** Checks `typed` as the API does: over CONFIRM_ABOVE instances it must be the count or the action word. */
export function confirmationOf(typed: string, total: number, action: string): ConfirmationState {
  if (total <= CONFIRM_ABOVE) return 'not-needed';
  const value = typed.trim();
  if (!value) return 'missing';
  return value === String(total) || value.toLowerCase() === action ? 'ok' : 'wrong';
}
