/** The position after which the next page of instances starts: (createdAt, instanceId) of the last row. */
export interface InstanceCursor {
  createdAt: number;
  instanceId: string;
}

/** Encodes the last row of a page as an opaque URL-safe cursor. */
export function encodeCursor(last: { createdAt: Date; instanceId: string }): string {
  return Buffer.from(JSON.stringify([last.createdAt.getTime(), last.instanceId])).toString('base64url');
}

/** Decodes a cursor; throws a RangeError saying the cursor is invalid when it was not made by encodeCursor. */
export function decodeCursor(cursor: string): InstanceCursor {
  try {
    const [createdAt, instanceId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'number' && typeof instanceId === 'string') return { createdAt, instanceId };
  } catch {
    // fall through to the error below
  }
  throw new RangeError(`invalid cursor '${cursor}'`);
}
