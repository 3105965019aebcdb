// The bulk-job loop of a server process with workers: every FLOWDECK_BULK_JOB_INTERVAL_MS it works one batch of each
// running job (jobs a crash or restart left running resume where they stopped), yielding between batches so the
// engine is not starved.
import { createEngineLog } from '../engine/logs';
import { runBulkJobBatch, runningBulkJobIds, type BulkJobDeps } from './bulk-job-runner';

/** How often the loop looks for work (FLOWDECK_BULK_JOB_INTERVAL_MS, default 500 ms, at least 50). */
export function bulkJobIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.FLOWDECK_BULK_JOB_INTERVAL_MS);
  return Number.isInteger(ms) && ms >= 50 ? ms : 500;
}

/** Starts the loop; call the returned stop() on shutdown. */
export function startProcessBulkJobs(deps: BulkJobDeps): { stop(): void } {
  const log = createEngineLog();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const id of await runningBulkJobIds(deps.prisma)) {
        await runBulkJobBatch(deps, id);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      log.message('warn', `bulk job batch failed: ${error instanceof Error ? error.message : String(error)}; it goes on at the next turn`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, bulkJobIntervalMs());
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
