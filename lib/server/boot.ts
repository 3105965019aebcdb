// What a server process does once before serving: migrate the database, start the workflow engine and the
// gRPC sidecar (FLOWDECK_GRPC_PORT), and stop both on SIGTERM/SIGINT.
import { startSidecarFromEnv } from '../sidecar/sidecar-env';
import type { SidecarServer } from '../sidecar/grpc-server';
import { getEngineHost, stopEngineHost } from './engine-host';

const g = globalThis as typeof globalThis & { __flowdeckBoot?: Promise<void> };

/**
 * Runs the server's one-time startup once per process (later calls share the first run): migrations,
 * the built-in workflows and the engine's workers, so timers fire and work resumes without any request,
 * then the gRPC sidecar. A sidecar that cannot listen on its configured port stops the process with one line.
 */
export function bootServer(): Promise<void> {
  g.__flowdeckBoot ??= (async () => {
    await getEngineHost();
    const sidecar = await startSidecarOrExit();
    stopOnSignals(sidecar);
  })().catch((error: unknown) => {
    g.__flowdeckBoot = undefined; // let a later call retry
    throw error;
  });
  return g.__flowdeckBoot;
}

async function startSidecarOrExit(): Promise<SidecarServer | undefined> {
  try {
    return await startSidecarFromEnv(getEngineHost);
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    await stopEngineHost().catch(() => undefined);
    process.exit(1);
  }
}

/** Next.js has no shutdown hook: on SIGTERM/SIGINT stop the sidecar, stop claiming, let activities finish, release leases, exit. */
function stopOnSignals(sidecar: SidecarServer | undefined): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    (sidecar?.stop() ?? Promise.resolve())
      .then(() => stopEngineHost())
      .catch((error: unknown) => console.error(`[flowdeck] stopping the engine failed: ${String(error)}`))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
