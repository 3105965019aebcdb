// InstanceQuery's filters evaluated on records in memory (the MemoryStore's listing), as the SQL stores apply them.
import type { InstanceCountQuery, InstanceQuery, InstanceRecord } from '../engine/store';
import { sortNeedsFinished } from './instance-sort';

const within = (at: Date | undefined, from: Date | undefined, to: Date | undefined) => (!from || (at !== undefined && at >= from)) && (!to || (at !== undefined && at <= to));
const containsIgnoringCase = (text: string | undefined, part: string) => text !== undefined && text.toLowerCase().includes(part.toLowerCase());

/** True when `r` passes every filter of `q` (and the finished-only rule of its sort). */
export function matchesInstanceQuery(r: InstanceRecord, q: InstanceCountQuery & Pick<InstanceQuery, 'statuses' | 'sort'>): boolean {
  if (q.statuses?.length && !q.statuses.includes(r.status)) return false;
  if (q.name && r.name !== q.name) return false;
  if (q.excludeNames?.includes(r.name)) return false;
  if (q.idPrefix && !r.instanceId.startsWith(q.idPrefix)) return false;
  if (q.idContains && !containsIgnoringCase(r.instanceId, q.idContains)) return false;
  if (q.instanceIds && !q.instanceIds.includes(r.instanceId)) return false;
  if (!within(r.createdAt, q.createdFrom, q.createdTo) || !within(r.lastUpdatedAt, q.updatedFrom, q.updatedTo)) return false;
  if ((q.completedFrom || q.completedTo) && !within(r.completedAt, q.completedFrom, q.completedTo)) return false;
  if ((q.finishedOnly || sortNeedsFinished(q.sort)) && !r.completedAt) return false;
  if (q.parentInstanceId && r.parentInstanceId !== q.parentInstanceId) return false;
  if (q.topLevel && r.parentInstanceId !== undefined) return false;
  if (q.waitingKind && r.waiting?.kind !== q.waitingKind) return false;
  if (q.waitingName && r.waiting?.name !== q.waitingName) return false;
  if (q.waitingSinceBy && !(r.waiting && r.waiting.since <= q.waitingSinceBy)) return false;
  if (q.dueBy && !(r.status === 'RUNNING' || (r.status === 'PENDING' && (!r.scheduledStartAt || r.scheduledStartAt <= q.dueBy)))) return false;
  if (q.failureType && r.failure?.errorType !== q.failureType) return false;
  if (q.failureText && !(containsIgnoringCase(r.failure?.errorType, q.failureText) || containsIgnoringCase(r.failure?.message, q.failureText))) return false;
  return true;
}
