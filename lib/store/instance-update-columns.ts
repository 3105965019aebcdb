import type { InstanceUpdate } from '../engine/store';
import { summarizeWaiting } from './waiting-summary';

/**
 * The WorkflowInstance columns a step's InstanceUpdate sets, with their values: undefined fields are left
 * out (the column stays as it is), null clears. `time` formats dates the way the dialect stores them. The wait
 * summary columns (lib/store/waiting-summary.ts) are written with every waitingOn.
 */
export function instanceUpdateColumns(update: InstanceUpdate, time: (date: Date) => string): [column: string, value: unknown][] {
  const timeOrNull = (date: Date | null | undefined) => (date ? time(date) : null);
  const waiting = summarizeWaiting(update.waitingOn, update.lastUpdatedAt);
  const fields: [string, unknown][] = [
    ['status', update.status],
    ['waitingOn', JSON.stringify(update.waitingOn)],
    ['waitingForEventSince', timeOrNull(update.waitingForEventSince)],
    ['waitingKind', waiting?.kind ?? null],
    ['waitingName', waiting?.name ?? null],
    ['waitingSince', timeOrNull(waiting?.since)],
    ['lastUpdatedAt', time(update.lastUpdatedAt)],
    ['executionId', update.executionId],
    ['input', update.input],
    ['output', update.output],
    ['customStatus', update.customStatus],
    ['completedAt', update.completedAt === undefined ? undefined : timeOrNull(update.completedAt)],
    ['durationMs', update.durationMs === undefined ? undefined : update.durationMs],
    ['failureType', update.failure === undefined ? undefined : (update.failure?.errorType ?? null)],
    ['failureMessage', update.failure === undefined ? undefined : (update.failure?.message ?? null)],
    ['failureStack', update.failure === undefined ? undefined : (update.failure?.stackTrace ?? null)],
  ];
  return fields.filter(([, value]) => value !== undefined);
}
