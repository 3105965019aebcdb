// Recognizes the database faults worth retrying or answering 503, among the errors the drivers throw
// (better-sqlite3, pg) and Prisma's wrappings of them (raw queries, the ORM, driver-adapter errors).
// Two kinds, never both: busy (SQLite's write lock is held by another connection: retry soon) and
// unreachable (the connection cannot be made or was lost). Used by the stores' retries and the API's
// error mapping alike.

/** Prisma codes for an unreachable, timed-out or closed database connection. */
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** Driver-adapter error kinds that mean the database is unreachable or refused the connection. */
const UNREACHABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
]);

/** Node socket codes (a refused, dropped or unresolvable connection) and SQLite's "cannot open the file". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'EPIPE', 'SQLITE_CANTOPEN']);

/**
 * PostgreSQL SQLSTATEs of a lost or refused connection: class 08 (connection exception), a server shutting
 * down or starting (57P01-57P03), too many connections (53300), no such database (3D000), refused login (28xxx).
 */
const UNREACHABLE_SQLSTATE = /^(08...|57P0[123]|53300|3D000|28...)$/;

/** How far down `cause` chains (and Prisma's driverAdapterError) the predicates look. */
const MAX_DEPTH = 6;

type Inspectable = {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  originalMessage?: unknown;
  meta?: { driverAdapterError?: unknown };
  cause?: unknown;
};

/** The error and everything it wraps (cause chains, Prisma's meta.driverAdapterError), nearest first. */
function* layers(error: unknown): Generator<Inspectable> {
  const queue: { value: unknown; depth: number }[] = [{ value: error, depth: 0 }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { value, depth } = next;
    if (!value || typeof value !== 'object' || depth > MAX_DEPTH) continue;
    const layer = value as Inspectable;
    yield layer;
    queue.push({ value: layer.cause, depth: depth + 1 }, { value: layer.meta?.driverAdapterError, depth: depth + 1 });
  }
}

function codesOf(layer: Inspectable): string[] {
  return [layer.code, layer.originalCode].filter((code): code is string => typeof code === 'string');
}

function messagesOf(layer: Inspectable): string[] {
  return [layer.message, layer.originalMessage].filter((message): message is string => typeof message === 'string');
}

/**
 * True when SQLite refused because another connection holds the lock (SQLITE_BUSY or SQLITE_LOCKED and
 * their extended codes, "database is locked"), however wrapped: the operation can be tried again soon.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (const layer of layers(error)) {
    if (codesOf(layer).some((code) => code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return true;
    if (messagesOf(layer).some((message) => /SQLITE_BUSY|SQLITE_LOCKED|database (table )?is locked/i.test(message))) return true;
  }
  return false;
}

/**
 * True when the database cannot be reached or dropped the connection: refused, reset or timed-out
 * sockets, a server shutting down, too many connections, a missing database or file, refused credentials.
 * False for a busy SQLite database (isDatabaseBusy), even where Prisma reports that as a timeout.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (isDatabaseBusy(error)) return false;
  for (const layer of layers(error)) {
    for (const code of codesOf(layer)) {
      if (UNREACHABLE_PRISMA_CODES.has(code) || UNREACHABLE_CODES.has(code) || UNREACHABLE_SQLSTATE.test(code)) return true;
    }
    if (typeof layer.kind === 'string' && UNREACHABLE_ADAPTER_KINDS.has(layer.kind)) return true;
    if (messagesOf(layer).some((message) => /Can't reach database server|Connection terminated/i.test(message))) return true;
  }
  return false;
}

/** True when the database is busy or unreachable: a fault of the database, not of the request (HTTP 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isDatabaseBusy(error) || isDatabaseUnreachable(error);
}
