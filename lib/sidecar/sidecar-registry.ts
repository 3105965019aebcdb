// The running sidecar of this process, on globalThis: Next.js loads modules once for instrumentation (which
// starts the gRPC server) and again for route handlers (which report on it in GET /v1.0/metadata).

/** What other parts of the process may ask the running gRPC sidecar. */
export interface SidecarStatus {
  /** Where it listens, `host:port`. */
  address: string;
  /** How many remote workers have a GetWorkItems stream open. */
  connectedWorkers(): number;
}

const KEY = Symbol.for('flowdeck.sidecar');
type Holder = { [KEY]?: SidecarStatus };

/** Records (or, with undefined, clears) the process's running sidecar. */
export function publishSidecar(status: SidecarStatus | undefined): void {
  (globalThis as Holder)[KEY] = status;
}

/** The process's running sidecar, if it serves gRPC. */
export function runningSidecar(): SidecarStatus | undefined {
  return (globalThis as Holder)[KEY];
}
