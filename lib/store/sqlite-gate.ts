// SQLite through Prisma's better-sqlite3 adapter runs every query on ONE connection. A query issued while
// an interactive transaction is open runs inside that transaction: it sees uncommitted rows and is undone if
// the transaction rolls back. So the store runs its SQLite operations one at a time, through this gate.

/** How often an operation that met SQLITE_BUSY is tried again, and the pause before each try (ms). */
const BUSY_RETRY_DELAYS_MS = [5, 20, 50, 100, 200, 400];

/** True for SQLite's transient "database is locked" errors (another process holds the write lock). */
export function isSqliteBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = (error as { meta?: unknown }).meta;
  const text = `${error.message} ${(error as { code?: unknown }).code ?? ''} ${meta ? JSON.stringify(meta) : ''}`;
  return /SQLITE_BUSY|database is locked/i.test(text);
}

/** Runs async operations one after another (FIFO), retrying those that fail with SQLITE_BUSY. */
export class SqliteGate {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `operation` once every operation queued before it has settled. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => withBusyRetry(operation));
    this.tail = result.catch(() => undefined);
    return result;
  }
}

async function withBusyRetry<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= BUSY_RETRY_DELAYS_MS.length || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_DELAYS_MS[attempt] * (0.5 + Math.random())));
    }
  }
}
