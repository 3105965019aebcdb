// The app's engine host (lib/server/engine-host.ts, what `npm start` runs) on a SQLite file of the test's, with
// the API handlers the routes call: Dapr's start and get, and GET /api/health.
import { expect } from 'vitest';
import { handleDaprRequest } from '@/lib/api/dapr-api';
import { healthHandler } from '@/lib/api/system-handlers';
import { getEngineHost, stopEngineHost } from '@/lib/server/engine-host';
import { apiContextOf } from '../../sidecar/support/dapr-http-server';

/** An answer of the API: status, JSON body (if any) and the Retry-After header. */
export interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
  retryAfter: string | null;
}

/** The running host and what the tests ask it. */
export interface SqliteHost {
  /** POST /v1.0/workflows/dapr/BatchProcessingWorkflow/start?instanceID=<id> with a small batch. */
  start(id: string): Promise<Answer>;
  /** GET /v1.0/workflows/dapr/<id>. */
  get(id: string): Promise<Answer>;
  /** GET /api/health. */
  health(): Promise<Answer>;
  /** Waits until instance `id` has `runtimeStatus` (fails after `timeoutMs`). */
  waitForStatus(id: string, runtimeStatus: string, timeoutMs?: number): Promise<void>;
  /** Waits until /api/health answers `status` (its checks run at most once a second). */
  waitForHealth(status: number, timeoutMs?: number): Promise<Answer>;
  stop(): Promise<void>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, retryAfter: response.headers.get('retry-after') };
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<Answer | undefined>): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const found = await check();
      if (found) return found;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the process's engine host on `file` (migrated on start, workers running, polling every 50 ms). */
export async function startSqliteHost(file: string): Promise<SqliteHost> {
  process.env.DATABASE_URL = `file:${file}`;
  process.env.FLOWDECK_POLL_INTERVAL_MS = '50';
  const host = await getEngineHost();
  const ctx = apiContextOf(host, 'sqlite');
  const dapr = (method: string, segments: string[], query = '', body?: string) =>
    handleDaprRequest(new Request(`http://localhost/v1.0/${segments.join('/')}${query}`, { method, body }), 'v1.0', segments, async () => ctx).then(answer);
  const self: SqliteHost = {
    start: (id) => dapr('POST', ['workflows', 'dapr', 'BatchProcessingWorkflow', 'start'], `?instanceID=${id}`, JSON.stringify({ batchSize: 2 })),
    get: (id) => dapr('GET', ['workflows', 'dapr', id]),
    health: () => healthHandler(async () => ctx).then(answer),
    async waitForStatus(id, runtimeStatus, timeoutMs = 15_000) {
      const state = await waitFor(`${id} to be ${runtimeStatus}`, timeoutMs, async () => {
        const got = await self.get(id);
        return got.body?.runtimeStatus === runtimeStatus ? got : undefined;
      });
      expect(state.body?.runtimeStatus).toBe(runtimeStatus);
    },
    waitForHealth: (status, timeoutMs = 5_000) =>
      waitFor(`/api/health to answer ${status}`, timeoutMs, async () => {
        const got = await self.health();
        return got.status === status ? got : undefined;
      }),
    async stop() {
      await stopEngineHost();
      await host.store.close(); // stopEngineHost leaves the store's own connection open
      delete process.env.DATABASE_URL;
      delete process.env.FLOWDECK_POLL_INTERVAL_MS;
    },
  };
  return self;
}
