// The load of the PostgreSQL fault tests: BatchProcessingWorkflow instances (a fan-out of activities, two at a
// time), watched through a pool of the test's own that outlives restarts.
import pg from 'pg';
import { expect } from 'vitest';
import type { WorkflowClient, WorkflowStore } from '@/lib/engine';
import { pgConnectionConfig } from '@/lib/db/schema-engine-adapter';
import { isDatabaseUnavailable } from '@/lib/store/database-faults';
import { expectConsistentHistory } from '../../engine/engine-processes';

/** Each instance's input: 20 work items of 100-250 ms, at most 2 processed at once (22 activities, 12 or more steps). */
export const BATCH_INPUT = { batchSize: 20, maxConcurrency: 2 };
/** What each instance returns: the items 1..20 doubled and summed. */
export const BATCH_OUTPUT = '420';

/** Starts `count` instances named `<prefix>-<i>` and returns their IDs. */
export async function startBatches(client: WorkflowClient, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await client.scheduleNewWorkflow('BatchProcessingWorkflow', BATCH_INPUT, `${prefix}-${i}`));
  return ids;
}

/** A watcher of the database's progress whose queries fail while the server is down (and work again after). */
export class LoadWatcher {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ ...pgConnectionConfig(url), max: 2 });
    this.pool.on('error', () => undefined);
  }

  /** How many history events instances `<prefix>-*` have, or undefined while the database does not answer. */
  async historyEvents(prefix: string): Promise<number | undefined> {
    return this.count('SELECT count(*)::int AS n FROM "HistoryEvent" WHERE "instanceId" LIKE $1', prefix);
  }

  /** How many instances `<prefix>-*` are COMPLETED, or undefined while the database does not answer. */
  async completed(prefix: string): Promise<number | undefined> {
    return this.count(`SELECT count(*)::int AS n FROM "WorkflowInstance" WHERE "instanceId" LIKE $1 AND "status" = 'COMPLETED'`, prefix);
  }

  /** Waits until `check` holds (database faults meanwhile count as "not yet"); fails after `timeoutMs` saying `what` (and `explain`). */
  async waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>, explain?: () => Promise<string>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${explain ? `: ${await explain().catch(String)}` : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What instances `<prefix>-*` wait for: statuses, leases, queued tasks and messages (for failure messages). */
  async describe(prefix: string): Promise<string> {
    const like = [`${prefix}-%`];
    const q = async (sql: string) => JSON.stringify((await this.pool.query(sql, like)).rows);
    return [
      `statuses ${await q('SELECT "status", count(*)::int AS n FROM "WorkflowInstance" WHERE "instanceId" LIKE $1 GROUP BY 1')}`,
      `instance leases ${await q('SELECT "lockedBy", "lockExpiresAt" > now() AT TIME ZONE \'UTC\' AS live, count(*)::int AS n FROM "WorkflowInstance" WHERE "instanceId" LIKE $1 AND "lockedBy" IS NOT NULL GROUP BY 1, 2')}`,
      `tasks ${await q('SELECT "lockedBy", count(*)::int AS n FROM "ActivityTask" WHERE "instanceId" LIKE $1 GROUP BY 1')}`,
      `messages ${await q('SELECT count(*)::int AS n, min("visibleAt") AS first FROM "InboxMessage" WHERE "instanceId" LIKE $1')}`,
    ].join('; ');
  }

  /** Ends the watcher's pool. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  private async count(sql: string, prefix: string): Promise<number | undefined> {
    try {
      const { rows } = await this.pool.query<{ n: number }>(sql, [`${prefix}-%`]);
      return rows[0].n;
    } catch (error) {
      if (isDatabaseUnavailable(error)) return undefined;
      throw error;
    }
  }
}

/** Every instance completed with the right output, and its history has each step once (no event missing or repeated). */
export async function expectAllCompleted(store: WorkflowStore, ids: string[]): Promise<void> {
  for (const id of ids) {
    const instance = await store.getInstance(id);
    expect({ id, status: instance?.status, output: instance?.output }).toEqual({ id, status: 'COMPLETED', output: BATCH_OUTPUT });
    expectConsistentHistory(await store.getHistory(id));
  }
}
