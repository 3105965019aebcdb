// Recognizes the database faults worth retrying or answering 503, among the errors the drivers throw
// (better-sqlite3, pg) and Prisma's wrappings of them (raw queries, the ORM, driver-adapter errors), and says
// which fault it is: busy (SQLite's write lock is held by another connection: retry soon), read-only, disk
// full, a disk I/O error, shutting down (the server ends or refuses connections while it stops or starts),
// or unreachable (the connection cannot be made or was lost). Used by the stores' retries, the engine's
// outage handling and the API's error mapping alike.

/** What is wrong with the database. */
export type DatabaseFaultKind = 'busy' | 'read-only' | 'disk-full' | 'disk-io' | 'shutting-down' | 'unreachable';

/** A database fault: its kind and the short sentence users see ("database is read-only"). */
export interface DatabaseFault {
  kind: DatabaseFaultKind;
  message: string;
}

/** The sentence each fault is reported with (API messages, /api/health's reason, log lines). */
export const DATABASE_FAULT_MESSAGES: Record<DatabaseFaultKind, string> = {
  busy: 'database is busy (locked by another writer)',
  'read-only': 'database is read-only',
  'disk-full': 'database disk is full',
  'disk-io': 'database disk failed to read or write (I/O error)',
  'shutting-down': 'database is shutting down or restarting',
  unreachable: 'database is unreachable',
};

/** A fault a store recognized beyond the driver's own code (an I/O error on a file that is not writable: read-only). */
export class DatabaseFaultError extends Error {
  override name = 'DatabaseFaultError';
  constructor(
    readonly fault: DatabaseFaultKind,
    options: { cause: unknown },
  ) {
    super(DATABASE_FAULT_MESSAGES[fault], options);
  }
}

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
const UNREACHABLE_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN|EPIPE|SQLITE_CANTOPEN.*)$/;

/**
 * Codes (PostgreSQL SQLSTATEs, SQLite result codes) of each fault but busy and unreachable. PostgreSQL:
 * 57P01 admin shutdown (also what pg_terminate_backend sends), 57P02 crash shutdown, 57P03 cannot connect now
 * (starting or stopping), 25006 read-only transaction, 53100 disk full, 58030 I/O error.
 */
const CODE_FAULTS: [RegExp, DatabaseFaultKind][] = [
  [/^(57P0[123])$/, 'shutting-down'],
  [/^(25006|SQLITE_READONLY.*)$/, 'read-only'],
  [/^(53100|SQLITE_FULL)$/, 'disk-full'],
  [/^(58030|SQLITE_IOERR.*)$/, 'disk-io'],
];

/**
 * PostgreSQL SQLSTATEs of a lost or refused connection: class 08 (connection exception), too many connections
 * (53300), no such database (3D000), refused login (28xxx).
 */
const UNREACHABLE_SQLSTATE = /^(08...|53300|3D000|28...)$/;

/** Messages that name a fault where no code does (pg's own client errors, Prisma's texts). */
const MESSAGE_FAULTS: [RegExp, DatabaseFaultKind][] = [
  [/the database system is (shutting down|starting up|in recovery mode|not yet accepting connections)|terminating connection due to administrator command/i, 'shutting-down'],
  [/attempt to write a readonly database|read-only transaction/i, 'read-only'],
  [/database or disk is full|No space left on device/i, 'disk-full'],
  [/disk I\/O error/i, 'disk-io'],
  [/Can't reach database server|Connection terminated|is not queryable|timeout exceeded when trying to connect/i, 'unreachable'],
];

/** How far down `cause` chains (and Prisma's driverAdapterError) the predicates look. */
const MAX_DEPTH = 6;

type Inspectable = {
  name?: unknown;
  fault?: unknown;
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

/** The fault one layer names by itself, if any. */
function faultOfLayer(layer: Inspectable): DatabaseFaultKind | undefined {
  if (layer.name === 'DatabaseFaultError' && typeof layer.fault === 'string' && layer.fault in DATABASE_FAULT_MESSAGES) return layer.fault as DatabaseFaultKind;
  for (const code of codesOf(layer)) {
    const named = CODE_FAULTS.find(([pattern]) => pattern.test(code));
    if (named) return named[1];
    if (UNREACHABLE_PRISMA_CODES.has(code) || UNREACHABLE_CODES.test(code) || UNREACHABLE_SQLSTATE.test(code)) return 'unreachable';
  }
  if (typeof layer.kind === 'string' && UNREACHABLE_ADAPTER_KINDS.has(layer.kind)) return 'unreachable';
  for (const message of messagesOf(layer)) {
    const named = MESSAGE_FAULTS.find(([pattern]) => pattern.test(message));
    if (named) return named[1];
  }
  return undefined;
}

/**
 * The database fault behind `error`, however wrapped, or undefined when it is not one (a constraint, the
 * engine's own errors, a bug). Busy wins over everything (Prisma reports a locked SQLite file as a timeout);
 * otherwise the nearest layer that names a fault does.
 */
export function databaseFaultOf(error: unknown): DatabaseFault | undefined {
  if (isDatabaseBusy(error)) return { kind: 'busy', message: DATABASE_FAULT_MESSAGES.busy };
  for (const layer of layers(error)) {
    const kind = faultOfLayer(layer);
    if (kind) return { kind, message: DATABASE_FAULT_MESSAGES[kind] };
  }
  return undefined;
}

/**
 * True when the database cannot be reached or dropped the connection: refused, reset or timed-out
 * sockets, a server shutting down or terminating the session, too many connections, a missing database or
 * file, refused credentials. False for a busy SQLite database (isDatabaseBusy), even where Prisma reports
 * that as a timeout, and for a read-only or full disk (reachable, but refusing writes).
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const kind = databaseFaultOf(error)?.kind;
  return kind === 'unreachable' || kind === 'shutting-down';
}

/** True when `error` is any database fault: a fault of the database, not of the request (HTTP 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseFaultOf(error) !== undefined;
}

// --- Finding faults by writing: what /api/health checks ---

/** A cheap write to one database, to learn whether writes succeed right now (see checkDatabaseWrites). */
export interface WriteProbe {
  /** Which database (its file or URL): one write per database, through any of its open probes. */
  database: string;
  /** False once the connection the probe belongs to is closed: the probe is then forgotten. */
  isOpen(): boolean;
  /** Writes something nobody reads (and durably where the connection can); rejects with the driver's error. */
  write(): Promise<void>;
}

/** What a write check found: every probed database took a write, or the first reason one did not. */
export type WriteCheck = { ok: true } | { ok: false; reason: string; fault?: DatabaseFaultKind };

/** How long one write check answers for (ms): /api/health writes at most once a second, however often it is asked. */
export const WRITE_CHECK_INTERVAL_MS = 1_000;

// On globalThis: Next.js loads this module twice (instrumentation starts the stores, route handlers ask).
type ProbeState = { probes: Set<WriteProbe>; last?: { at: number; check: Promise<WriteCheck> } };
const probeKey = Symbol.for('flowdeck.writeProbes');
const probeState: ProbeState = ((globalThis as { [probeKey]?: ProbeState })[probeKey] ??= { probes: new Set() });

/** Registers the write probe of a connection a store writes through (done by the stores' connections). */
export function registerWriteProbe(probe: WriteProbe): void {
  probeState.probes.add(probe);
}

/**
 * Whether a cheap write to every database this process's stores have open succeeds now. Runs the probes at most
 * once per WRITE_CHECK_INTERVAL_MS (callers in between share the last answer). A busy SQLite file counts as
 * writable (someone is writing it); an error that is no database fault is logged and reported without detail.
 */
export function checkDatabaseWrites(now: number = Date.now()): Promise<WriteCheck> {
  const last = probeState.last;
  if (last && now - last.at < WRITE_CHECK_INTERVAL_MS) return last.check;
  const check = runProbes();
  probeState.last = { at: now, check };
  return check;
}

async function runProbes(): Promise<WriteCheck> {
  const probed = new Set<string>();
  for (const probe of [...probeState.probes]) {
    if (!probe.isOpen()) {
      probeState.probes.delete(probe);
      continue;
    }
    if (probed.has(probe.database)) continue;
    probed.add(probe.database);
    try {
      await probe.write();
    } catch (error) {
      const fault = databaseFaultOf(error);
      if (fault?.kind === 'busy') continue;
      if (fault) return { ok: false, reason: fault.message, fault: fault.kind };
      console.error('[flowdeck] the health check could not write to the database', error);
      return { ok: false, reason: 'a test write to the database failed (see the server log)' };
    }
  }
  return { ok: true };
}
