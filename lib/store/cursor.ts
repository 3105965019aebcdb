import type { InstanceSort } from '../engine/store';

/**
 * The position after which the next page of instances starts: (createdAt, instanceId) of the last row, and for a
 * sort other than by creation the sort key's value too (milliseconds for times and durations, text for names).
 */
export interface InstanceCursor {
  createdAt: number;
  instanceId: string;
  /** The sort the cursor was made for; absent: by creation. */
  sort?: Exclude<InstanceSort, 'created'>;
  value?: number | string;
}

/** Largest time a JavaScript Date can hold, in milliseconds either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

const TEXT_SORTS = new Set<string>(['name', 'status']);
const NUMBER_SORTS = new Set<string>(['updated', 'completed', 'duration']);

/** Encodes the last row of a page as an opaque URL-safe cursor (`value`: its sort key, for a sort other than by creation). */
export function encodeCursor(last: { createdAt: Date; instanceId: string }, sort: InstanceSort = 'created', value?: number | string): string {
  const fields = sort === 'created' ? [last.createdAt.getTime(), last.instanceId] : [sort, value, last.createdAt.getTime(), last.instanceId];
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

/**
 * Decodes a cursor; throws a RangeError saying the cursor is invalid when it was not made by encodeCursor: anything
 * but base64url of `[milliseconds, instanceId]` (by creation) or `[sort, value, milliseconds, instanceId]`, with whole
 * numbers of milliseconds a Date can hold.
 */
export function decodeCursor(cursor: string): InstanceCursor {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [createdAt, instanceId] = decoded as unknown[];
      if (isTime(createdAt) && typeof instanceId === 'string') return { createdAt, instanceId };
    }
    if (Array.isArray(decoded) && decoded.length === 4) {
      const [sort, value, createdAt, instanceId] = decoded as unknown[];
      const valueFits = (TEXT_SORTS.has(sort as string) && typeof value === 'string') || (NUMBER_SORTS.has(sort as string) && isTime(value));
      if (valueFits && isTime(createdAt) && typeof instanceId === 'string') {
        return { sort: sort as InstanceCursor['sort'], value: value as number | string, createdAt, instanceId };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new RangeError(`invalid cursor '${cursor}'`);
}

function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_DATE_MS;
}
