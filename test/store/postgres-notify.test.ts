// Cross-process wake-ups on PostgreSQL (LISTEN/NOTIFY, lib/store/postgres-notify.ts): a workflow started through
// runtime A's client (A's workers off) is run by runtime B, each with a store and connections of its own on one
// database, although B polls only every 30 s; after B's listening connection is terminated by the server, it
// reconnects and the wake-ups resume. The payload format round-trips and respects PostgreSQL's size limit.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WorkflowRuntime, type WorkflowActivityContext, type WorkflowClient, type WorkflowContext, type WorkflowStore } from '@/lib/engine';
import { WorkNotifier } from '@/lib/engine/work-notifier';
import { pgConnectionConfig } from '@/lib/db/schema-engine-adapter';
import { createDatabaseStore } from '@/lib/store/database-store';
import { decodeWorkPayload, encodeWorkPayloads, WORK_CHANNEL_APPLICATION } from '@/lib/store/postgres-notify';
import { availableDatabases, createTestDatabase, type TestDatabase } from '../support/databases';

const hasPostgres = availableDatabases().includes('postgresql');

/** Far longer than any wait below: only a NOTIFY can explain B starting the work in time. */
const POLL_MS = 30_000;
/** How long a start may take to complete here (seconds), a third of B's poll interval. */
const WITHIN_S = 10;

function register(runtime: WorkflowRuntime): void {
  runtime.registerActivityWithName('add_one', (_ctx: WorkflowActivityContext, n: number) => n + 1);
  runtime.registerWorkflowWithName('three_steps', function* (ctx: WorkflowContext, n: number) {
    for (let i = 0; i < 3; i++) n = (yield ctx.callActivity('add_one', n)) as number;
    return n;
  });
}

describe.skipIf(!hasPostgres)('PostgreSQL: wake-ups across processes by LISTEN/NOTIFY', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  let stores: WorkflowStore[];
  let b: WorkflowRuntime;
  let clientA: WorkflowClient;

  /** The backends of the work channel that are listening (their last statement was LISTEN). */
  async function listeners(): Promise<number[]> {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query ILIKE 'LISTEN%'`,
      [WORK_CHANNEL_APPLICATION],
    );
    return rows.map((r) => r.pid);
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + WITHIN_S * 1000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function startAndComplete(id: string): Promise<void> {
    await clientA.scheduleNewWorkflow('three_steps', 1, id);
    const state = await clientA.waitForWorkflowCompletion(id, true, WITHIN_S);
    expect(state).toMatchObject({ runtimeStatus: 'COMPLETED', serializedOutput: '4' });
  }

  beforeEach(async () => {
    db = await createTestDatabase('postgresql');
    admin = new pg.Client(pgConnectionConfig(db.url));
    admin.on('error', () => undefined);
    await admin.connect();
    stores = [createDatabaseStore(db.prisma, 'postgresql'), createDatabaseStore(db.prisma, 'postgresql')];
    // A: a client only (workers never started), with wake-ups of its own that hear nobody else.
    const a = new WorkflowRuntime({ store: stores[0], notifier: new WorkNotifier(), pollIntervalMs: POLL_MS });
    register(a);
    clientA = a.client();
    b = new WorkflowRuntime({ store: stores[1], pollIntervalMs: POLL_MS });
    register(b);
    await b.start();
  });

  afterEach(async () => {
    await b?.stop();
    for (const store of stores ?? []) await store.close();
    await admin?.end();
    await db?.dispose();
  });

  test('a workflow started through A is run by B without waiting for B to poll', { timeout: 60_000 }, async () => {
    await until("B's listening connection", async () => ((await listeners()).length === 1 ? true : undefined));
    // The second start finds B idle after the first (its loops asleep for 30 s): only the NOTIFY wakes it.
    await startAndComplete('notify-1');
    await startAndComplete('notify-2');
    const history = await stores[0].getHistory('notify-2');
    expect(history.filter((e) => e.kind === 'TaskCompleted')).toHaveLength(3);
  });

  test("B's listening connection terminated by the server reconnects and the wake-ups resume", { timeout: 60_000 }, async () => {
    const [before] = await until("B's listening connection", async () => {
      const pids = await listeners();
      return pids.length === 1 ? pids : undefined;
    });
    await startAndComplete('before-kill');
    const { rows } = await admin.query<{ ended: boolean }>('SELECT pg_terminate_backend($1) AS ended', [before]);
    expect(rows[0].ended).toBe(true);
    // A's channel connection last sent a NOTIFY, so the one listening backend is B's new one.
    await until("B's new listening connection", async () => {
      const pids = await listeners();
      return pids.length === 1 && pids[0] !== before ? true : undefined;
    });
    // The reconnect wakes B once (it may have missed something); the second start needs a NOTIFY again.
    await startAndComplete('after-kill-1');
    await startAndComplete('after-kill-2');
  });
});

describe('work channel payloads', () => {
  test('many instance IDs are split into payloads PostgreSQL accepts, and decode to the same wake-up', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `instance-${String(i).padStart(4, '0')}-${'x'.repeat(50)}`);
    const payloads = encodeWorkPayloads('s1', true, false, ids);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    const decoded = payloads.map((p) => decodeWorkPayload(p)!);
    expect(decoded.every((d) => d.sender === 's1')).toBe(true);
    expect(decoded[0].work).toMatchObject({ workflow: true, activity: false });
    expect(decoded.flatMap((d) => d.work.instanceIds)).toEqual(ids);
  });

  test('a payload without flags or instances decodes as no work', () => {
    expect(decodeWorkPayload(encodeWorkPayloads('s2', false, true, [])[0])).toEqual({ sender: 's2', work: { workflow: false, activity: true, instanceIds: [] } });
    expect(decodeWorkPayload('not-ours')).toBeUndefined();
  });
});
