// SQLite through Prisma's better-sqlite3 adapter runs every query on ONE connection. A query issued while
// an interactive transaction is open runs inside that transaction: it sees uncommitted rows and is undone if
// the transaction rolls back. So the store runs its SQLite operations one at a time, through this gate.
import { isDatabaseBusy } from './database-faults';

/** How often an operation that met SQLITE_BUSY is tried again, and the pause before each try (ms). */
const BUSY_RETRY_DELAYS_MS = [5, 20, 50, 100, 200, 400];

/** Runs `operation`, trying it again after a short pause while it fails with SQLITE_BUSY. */
export async function withBusyRetry<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= BUSY_RETRY_DELAYS_MS.length || !isDatabaseBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_DELAYS_MS[attempt] * (0.5 + Math.random())));
    }
  }
}

/** Runs async operations one after another, in the order they were queued. */
export class SqliteGate {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `operation` once every operation queued before it has settled. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

// On globalThis: Next.js loads this module twice (instrumentation, route handlers); both must share a client's gate.
const gatesKey = Symbol.for('flowdeck.sqliteGates');
const gates: WeakMap<object, SqliteGate> = ((globalThis as { [gatesKey]?: WeakMap<object, SqliteGate> })[gatesKey] ??= new WeakMap());

/**
 * The gate of a SQLite Prisma client, shared by every store (and any other code) using that client:
 * code that queries the same client outside the store should run through it too.
 */
export function sqliteGateFor(client: object): SqliteGate {
  let gate = gates.get(client);
  if (!gate) gates.set(client, (gate = new SqliteGate()));
  return gate;
}
