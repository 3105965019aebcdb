// Recognizes "the database cannot be reached" among the errors Prisma and the drivers throw.

/** Prisma codes for an unreachable, timed-out or closed database connection. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** Driver-adapter error kinds that mean the database is unreachable or refused the connection. */
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist', 'DatabaseAccessDenied']);

/** Node socket error codes for a refused, dropped or unresolvable connection. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'SQLITE_BUSY', 'SQLITE_CANTOPEN']);

type Inspectable = { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: unknown; message?: unknown };

/** True when `error` (or its cause chain) says the database is unreachable, busy or closed the connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as Inspectable | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as Inspectable, depth++) {
    if (typeof e.code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code))) return true;
    const kind = e.meta?.driverAdapterError?.cause?.kind ?? (e.cause as { kind?: unknown } | undefined)?.kind;
    if (typeof kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
    if (typeof e.message === 'string' && /Can't reach database server|Connection terminated|database is locked/i.test(e.message)) return true;
  }
  return false;
}
