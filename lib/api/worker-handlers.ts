// GET /api/workers: the engine workers that record heartbeats on this database (for the dashboard's System page).
import { DEFAULT_HEARTBEAT_OPTIONS } from '../engine/heartbeat';
import type { ApiContext } from './context';
import { noStoreJson } from './responses';

/** One engine worker as GET /api/workers lists it. */
export interface WorkerView {
  workerId: string;
  host: string;
  pid: number;
  /** ISO times: when the worker started, and when it last recorded its heartbeat (by its own clock). */
  startedAt: string;
  lastSeenAt: string;
  /** Whether its last heartbeat is at most `graceMs` old by this server's clock. */
  live: boolean;
}

/** The body of GET /api/workers. */
export interface WorkerListResponse {
  workers: WorkerView[];
  /** How old a heartbeat may be and its worker still count as live; older ones are taken over by live workers. */
  graceMs: number;
}

/**
 * GET /api/workers: every worker with a heartbeat row, by worker ID. A worker that stopped gracefully has none; one
 * that died shows as not live until a live worker takes its leases over (then its row goes).
 */
export async function listWorkersHandler(_request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const graceMs = DEFAULT_HEARTBEAT_OPTIONS.workerGraceMs;
  const now = Date.now();
  const workers = (await ctx.store.listHeartbeats()).map(
    (w): WorkerView => ({
      workerId: w.workerId,
      host: w.host,
      pid: w.pid,
      startedAt: w.startedAt.toISOString(),
      lastSeenAt: w.lastSeenAt.toISOString(),
      live: now - w.lastSeenAt.getTime() <= graceMs,
    }),
  );
  const body: WorkerListResponse = { workers, graceMs };
  return noStoreJson(body);
}
