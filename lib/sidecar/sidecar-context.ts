// What every gRPC handler of the sidecar is given: the engine host, the log and the server's closing signal.
import type { EngineLog } from '../engine/logs';
import type { EngineHost } from '../server/engine-host';

/** The sidecar's view of its process: no Next.js, only the engine host it was handed. */
export interface SidecarContext {
  /** The process's engine host (runtime, client, store, registry, prisma); awaited per call. */
  engineHost: () => Promise<EngineHost>;
  /** Where unexpected errors and notices go. */
  log: EngineLog;
  /** Aborted when the server stops: long calls (waits, streams) end then. */
  closing: AbortSignal;
}
