// What a server process does once before serving: migrate the database and start the workflow engine.
import { getEngineHost, stopEngineHost } from './engine-host';

const g = globalThis as typeof globalThis & { __flowdeckBoot?: Promise<void> };

/**
 * Runs the server's one-time startup once per process (later calls share the first run): migrations,
 * the built-in workflows and the engine's workers, so timers fire and work resumes without any request.
 */
export function bootServer(): Promise<void> {
  g.__flowdeckBoot ??= (async () => {
    await getEngineHost();
    stopEngineOnSignals();
  })().catch((error: unknown) => {
    g.__flowdeckBoot = undefined; // let a later call retry
    throw error;
  });
  return g.__flowdeckBoot;
}

/** Next.js has no shutdown hook: on SIGTERM/SIGINT stop claiming, let activities finish, release leases, exit. */
function stopEngineOnSignals(): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopEngineHost()
      .catch((error: unknown) => console.error(`[flowdeck] stopping the engine failed: ${String(error)}`))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
