// Group commit on the SQLite store's own connection: every write submitted during one turn of the event loop
// runs in the same synchronous BEGIN IMMEDIATE … COMMIT (one fsync for many steps). Writes run without a
// savepoint each (statements cost microseconds; three more per write add up); when one throws (a lost lease,
// a live instance ID), the transaction is rolled back and the group runs again with a savepoint per write, so
// that a failing write undoes only itself. Writes are synchronous closures that only touch the database, so
// running them again is safe. Every caller is answered only after the COMMIT returned: no effect of a write
// is visible to its caller before it is durable.
//
// Lease-only writes (claims, renewals, releases) are submitted as not `durable`: a group made only of them
// commits with synchronous=NORMAL (no fsync; the WAL keeps the order, and the next durable group's fsync
// covers it). Losing a lease in a power cut is harmless (the work is claimed again, as after any crash);
// every other group commits with the configured level (FULL by default).
//
// A group that fails as a whole (the disk is full or read-only, an I/O error) is rolled back and every write of
// it rejected with the fault (sqliteWriteFault tells a file that turned read-only from a failing disk); the
// next group tries again, so writes resume by themselves once the disk takes them.
import { SQLITE_BUSY_TIMEOUT_MS } from '../db/client';
import { isDatabaseBusy } from './database-faults';
import { sqliteWriteFault, type StatementCache } from './sqlite-connection';

type Level = 'FULL' | 'NORMAL';

type Queued = { write: () => unknown; durable: boolean; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** Most writes in one transaction: bounds how long the write lock is held (other processes wait for it). */
const MAX_GROUP = 1_000;

/** Pause before trying a locked database again (ms, jittered so that two processes do not keep colliding). */
const BUSY_RETRY_MS = 2;

/** Collects synchronous writes and commits them in groups. */
export class SqliteWriteBatch {
  private queue: Queued[] = [];
  private scheduled = false;
  private idle: (() => void)[] = [];
  private busySince: number | undefined;

  private level: Level;

  constructor(
    private readonly statements: StatementCache,
    private readonly durableLevel: Level,
  ) {
    this.level = durableLevel;
  }

  /**
   * Runs `write` in the next group's transaction; resolves with its result once that transaction committed
   * (with an fsync unless every write of the group is a lease-only one, `durable` false).
   */
  submit<T>(write: () => T, durable = true): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, durable, resolve: resolve as (value: unknown) => void, reject });
      this.schedule(0);
    });
  }

  /** Resolves once every write submitted so far has been committed (or failed). */
  drain(): Promise<void> {
    if (!this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs);
  }

  private flush(): void {
    if (this.queue.length === 0) return this.settleIdle();
    const begin = this.statements.get('BEGIN IMMEDIATE');
    try {
      this.setLevel(this.queue.slice(0, MAX_GROUP).some((item) => item.durable) ? this.durableLevel : 'NORMAL');
      begin.run();
    } catch (error) {
      this.busySince ??= Date.now();
      if (!isDatabaseBusy(error) || Date.now() - this.busySince > SQLITE_BUSY_TIMEOUT_MS) {
        this.busySince = undefined;
        const reported = sqliteWriteFault(this.statements.db, error);
        for (const item of this.queue.splice(0)) item.reject(reported);
        return this.settleIdle();
      }
      return this.schedule(BUSY_RETRY_MS * (0.5 + Math.random()));
    }
    this.busySince = undefined;
    const group = this.queue.splice(0, MAX_GROUP);
    const failed = new Map<Queued, unknown>();
    let results: unknown[] | undefined;
    try {
      results = this.runFast(group, failed);
      if (!results) {
        this.statements.get('ROLLBACK').run();
        begin.run();
        results = this.runWithSavepoints(group, failed);
      }
      this.statements.get('COMMIT').run();
    } catch (error) {
      if (this.statements.db.inTransaction) this.rollbackQuietly();
      const reported = sqliteWriteFault(this.statements.db, error);
      for (const item of group) item.reject(reported);
      return this.next();
    }
    group.forEach((item, i) => (failed.has(item) ? item.reject(failed.get(item)) : item.resolve(results[i])));
    this.next();
  }

  /** Runs the writes one after another; at the first error, records it and returns undefined. */
  private runFast(group: Queued[], failed: Map<Queued, unknown>): unknown[] | undefined {
    const results: unknown[] = [];
    for (const item of group) {
      try {
        results.push(item.write());
      } catch (error) {
        failed.set(item, sqliteWriteFault(this.statements.db, error ?? new Error('write failed')));
        return undefined;
      }
    }
    return results;
  }

  /** Runs each write in a savepoint, skipping those already known to fail; records the errors. */
  private runWithSavepoints(group: Queued[], failed: Map<Queued, unknown>): unknown[] {
    const savepoint = this.statements.get('SAVEPOINT grouped_write');
    const release = this.statements.get('RELEASE grouped_write');
    const rollback = this.statements.get('ROLLBACK TO grouped_write');
    return group.map((item) => {
      if (failed.has(item)) return undefined;
      savepoint.run();
      try {
        const value = item.write();
        release.run();
        return value;
      } catch (error) {
        rollback.run();
        release.run();
        failed.set(item, sqliteWriteFault(this.statements.db, error ?? new Error('write failed')));
        return undefined;
      }
    });
  }

  /** Rolls back after a failed group; a ROLLBACK that fails too (a disk that fails every I/O) must not hide the first error. */
  private rollbackQuietly(): void {
    try {
      this.statements.get('ROLLBACK').run();
    } catch {
      // SQLite rolls the transaction back itself when it cannot; the next BEGIN starts afresh.
    }
  }

  private setLevel(level: Level): void {
    if (level === this.level) return;
    this.statements.get(`PRAGMA synchronous = ${level}`).run();
    this.level = level;
  }

  private next(): void {
    if (this.queue.length) this.schedule(0);
    else this.settleIdle();
  }

  private settleIdle(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
