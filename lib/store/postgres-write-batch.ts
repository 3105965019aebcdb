// Group commit on the PostgreSQL store's own connection: the writes submitted while the previous group was
// committing run together in one BEGIN … COMMIT (one WAL flush for many steps). The connection is pipelined,
// so the group's statements go out without waiting for each other's answers: a group of 100 steps costs about
// as many round trips as one. Writes run without a savepoint each; when one throws (a lost lease, a live
// instance ID, a constraint), the transaction is rolled back and the group runs again one write at a time with
// a savepoint per write, so that a failing write undoes only itself. Writes only touch the database, so running
// them again is safe. Every caller is answered only after the COMMIT returned: no effect of a write is visible
// to its caller before it is durable.
//
// A connection the server ends while a group holds it (a restart, pg_terminate_backend) fails that group's
// writes with the connection error (whether an interrupted COMMIT took effect is unknown, as with any lost
// connection: writes are idempotent or guarded by leases and versions) and is dropped; the next group connects
// afresh, so writes resume by themselves once the server is back.
import type pg from 'pg';
import { holdClient, type Queryable } from './postgres-connection';

/** A write: statements on the group's connection, inside its transaction. */
export type PgWrite<T> = (db: Queryable) => Promise<T>;

type Queued = { write: PgWrite<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** Most writes in one transaction: bounds how long a group holds its row locks. */
const MAX_GROUP = 500;

/** Collects writes and commits them in groups, at most `lanes` groups at a time (one connection each). */
export class PostgresWriteBatch {
  private queue: Queued[] = [];
  private running = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly lanes: number,
  ) {}

  /** Runs `write` in the next group's transaction; resolves with its result once that transaction committed. */
  submit<T>(write: PgWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once every write submitted so far has been committed (or failed). */
  drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.lanes) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.running < this.lanes && this.queue.length) {
      const group = this.queue.splice(0, MAX_GROUP);
      this.running++;
      void this.commitGroup(group).finally(() => {
        this.running--;
        if (this.queue.length) this.schedule();
        else if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async commitGroup(group: Queued[]): Promise<void> {
    let held: Awaited<ReturnType<typeof holdClient>>;
    try {
      held = await holdClient(this.pool);
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    const { client } = held;
    let broken = false;
    try {
      const outcomes = await this.runTogether(client, group);
      outcomes.forEach((outcome, i) => (outcome.status === 'fulfilled' ? group[i].resolve(outcome.value) : group[i].reject(outcome.reason)));
    } catch (error) {
      broken = true;
      await client.query('ROLLBACK').catch(() => undefined);
      for (const item of group) item.reject(error);
    } finally {
      // A transaction that failed as a whole may have left the connection unusable: a fresh one replaces it.
      held.release(broken);
    }
  }

  /** The group's outcomes, once committed; throws (the caller rolls back) when the transaction itself failed. */
  private async runTogether(client: pg.PoolClient, group: Queued[]): Promise<PromiseSettledResult<unknown>[]> {
    const begin = client.query('BEGIN');
    begin.catch(() => undefined); // awaited below, after the writes queued behind it
    const fast = await Promise.allSettled(group.map((item) => item.write(client)));
    await begin;
    const failure = fast.find((outcome) => outcome.status === 'rejected');
    if (!failure) {
      await commit(client);
      return fast;
    }
    await client.query('ROLLBACK');
    // A lone write has nothing to protect: its error is the answer.
    if (group.length === 1) return fast;
    await client.query('BEGIN');
    const outcomes: PromiseSettledResult<unknown>[] = [];
    for (const item of group) {
      await client.query('SAVEPOINT grouped_write');
      try {
        outcomes.push({ status: 'fulfilled', value: await item.write(client) });
        await client.query('RELEASE grouped_write');
      } catch (reason) {
        await client.query('ROLLBACK TO grouped_write');
        outcomes.push({ status: 'rejected', reason });
      }
    }
    await commit(client);
    return outcomes;
  }
}

/** COMMITs; an aborted transaction answers COMMIT with ROLLBACK, which must not pass for success. */
async function commit(client: pg.PoolClient): Promise<void> {
  const result = await client.query('COMMIT');
  if (result.command !== 'COMMIT') throw new Error(`write group not committed (${result.command})`);
}

