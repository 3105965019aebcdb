/** The position after which the next page of instances starts: (createdAt, instanceId) of the last row. */
export interface InstanceCursor {
  createdAt: number;
  instanceId: string;
}

/** Largest time a JavaScript Date can hold, in milliseconds either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

/** Encodes the last row of a page as an opaque URL-safe cursor. */
export function encodeCursor(last: { createdAt: Date; instanceId: string }): string {
  return Buffer.from(JSON.stringify([last.createdAt.getTime(), last.instanceId])).toString('base64url');
}

/**
 * Decodes a cursor; throws a RangeError saying the cursor is invalid when it was not made by encodeCursor: anything
 * but base64url of `[milliseconds, instanceId]` with a whole number of milliseconds a Date can hold.
 */
export function decodeCursor(cursor: string): InstanceCursor {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [createdAt, instanceId] = decoded as unknown[];
      if (Number.isSafeInteger(createdAt) && Math.abs(createdAt as number) <= MAX_DATE_MS && typeof instanceId === 'string') {
        return { createdAt: createdAt as number, instanceId };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new RangeError(`invalid cursor '${cursor}'`);
}
