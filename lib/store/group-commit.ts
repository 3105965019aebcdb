// Group commit for SQLite: writes queued while the connection is busy are committed together in one
// transaction (one fsync for many steps), each inside its own savepoint so that one write's error (a lost
// lease, a live instance ID) undoes only that write. Every caller is answered only after the COMMIT.
import type { DbClient } from '../db/client';
import type { Prisma } from '../db/generated/sqlite/client';
import { withBusyRetry, type SqliteGate } from './sqlite-gate';

/** One write of a group: runs inside the shared transaction. */
export type GroupedWrite = (tx: Prisma.TransactionClient) => Promise<void>;

type Queued = { write: GroupedWrite; resolve: () => void; reject: (error: unknown) => void };

/** Interactive transactions: wait long for the connection under load, but never hold one for long. */
export const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/** Most writes committed in one transaction (bounds how long the write lock is held). */
const MAX_GROUP = 500;

/** Collects writes and commits them in groups through the gate. */
export class GroupCommitter {
  private queue: Queued[] = [];
  private flushing = 0;

  constructor(
    private readonly db: DbClient,
    private readonly gate: SqliteGate,
  ) {}

  /** Runs `write` in the next group's transaction; resolves once that transaction committed. */
  submit(write: GroupedWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (this.queue.length > this.flushing * MAX_GROUP) {
        this.flushing++;
        void this.gate.run(() => this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushing--;
    const group = this.queue.splice(0, MAX_GROUP);
    if (group.length === 0) return;
    try {
      const errors = await withBusyRetry(() => this.db.$transaction((tx) => writeGroup(tx, group), TX_OPTIONS));
      group.forEach((item, i) => (errors[i] === undefined ? item.resolve() : item.reject(errors[i])));
    } catch (error) {
      for (const item of group) item.reject(error);
    }
  }
}

/** Runs each write in a savepoint; returns each write's error (undefined when it succeeded). */
async function writeGroup(tx: Prisma.TransactionClient, group: Queued[]): Promise<unknown[]> {
  // Take the write lock first: a deferred transaction that reads before writing can fail with SQLITE_BUSY.
  await tx.$executeRaw`UPDATE "WorkflowInstance" SET "version" = "version" WHERE 0 = 1`;
  const errors: unknown[] = [];
  for (const item of group) {
    await tx.$executeRawUnsafe('SAVEPOINT grouped_write');
    try {
      await item.write(tx);
      errors.push(undefined);
    } catch (error) {
      await tx.$executeRawUnsafe('ROLLBACK TO grouped_write');
      errors.push(error ?? new Error('write failed'));
    }
    await tx.$executeRawUnsafe('RELEASE grouped_write');
  }
  return errors;
}
