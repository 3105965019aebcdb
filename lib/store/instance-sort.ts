// The listing's sort keys, shared by every store: (key, createdAt, instanceId), the key's value as a cursor carries it.
import type { InstanceSort } from '../engine/store';

/** A row's sort keys (as Prisma reads them, or as an InstanceRecord holds them). */
export interface SortableRow {
  createdAt: Date;
  instanceId: string;
  lastUpdatedAt: Date;
  completedAt?: Date | null;
  durationMs?: bigint | number | null;
  name: string;
  status: string;
}

/** Sorts that list finished instances only (their key is null until an instance finishes). */
export function sortNeedsFinished(sort: InstanceSort | undefined): boolean {
  return sort === 'completed' || sort === 'duration';
}

/** The value of `row`'s first sort key as a cursor carries it (ms for times and durations). */
export function sortValue(row: SortableRow, sort: InstanceSort): number | string {
  switch (sort) {
    case 'created':
      return row.createdAt.getTime();
    case 'updated':
      return row.lastUpdatedAt.getTime();
    case 'completed':
      return row.completedAt?.getTime() ?? 0;
    case 'duration':
      return Number(row.durationMs ?? 0);
    default:
      return row[sort];
  }
}

/** Compares two rows by (sort key, createdAt, instanceId), ascending; negate for descending. */
export function compareBySort(a: SortableRow, b: SortableRow, sort: InstanceSort): number {
  const [x, y] = [sortValue(a, sort), sortValue(b, sort)];
  if (x !== y) return x < y ? -1 : 1;
  const byCreation = a.createdAt.getTime() - b.createdAt.getTime();
  if (byCreation) return byCreation;
  return a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0;
}
