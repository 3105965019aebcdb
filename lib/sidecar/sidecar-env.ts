// Starting the sidecar the way the environment says: FLOWDECK_GRPC_PORT (default 50001, `off`) on HOST.
import type { EngineHost } from '../server/engine-host';
import { startSidecarServer, type SidecarServer } from './grpc-server';

/** The Dapr sidecar's default gRPC port, which the SDKs use when DAPR_GRPC_PORT is unset. */
export const DEFAULT_GRPC_PORT = 50001;

/** Where the sidecar should listen, and whether the port was asked for explicitly. */
export interface SidecarListenConfig {
  host: string;
  port: number;
  explicitPort: boolean;
}

/** FLOWDECK_GRPC_PORT and HOST read; undefined when FLOWDECK_GRPC_PORT=off. Throws RangeError on a bad port. */
export function sidecarListenConfig(env: Record<string, string | undefined> = process.env): SidecarListenConfig | undefined {
  const raw = env.FLOWDECK_GRPC_PORT?.trim() ?? '';
  if (raw.toLowerCase() === 'off') return undefined;
  const port = raw === '' ? DEFAULT_GRPC_PORT : Number(raw);
  if (!/^\d*$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`FLOWDECK_GRPC_PORT must be a port number from 0 to 65535 or 'off' (got "${raw}")`);
  }
  const host = env.HOST?.trim() || 'localhost';
  return { host: host === 'localhost' ? '127.0.0.1' : host, port, explicitPort: raw !== '' };
}

/**
 * Starts the sidecar as configured and says where in one line; undefined when it is off. When the default
 * port is taken (another Flowdeck process on this machine has it), says so and serves no gRPC; an explicitly
 * chosen port that cannot be used rejects with SidecarListenError.
 */
export async function startSidecarFromEnv(engineHost: () => Promise<EngineHost>, env: Record<string, string | undefined> = process.env): Promise<SidecarServer | undefined> {
  const config = sidecarListenConfig(env);
  if (!config) return undefined;
  try {
    const server = await startSidecarServer({ engineHost, host: config.host, port: config.port });
    console.log(`Flowdeck gRPC sidecar (Dapr SDKs) listening on ${server.address}: point apps at it with DAPR_GRPC_PORT=${server.port}`);
    return server;
  } catch (error) {
    if (config.explicitPort || (error as { reason?: string }).reason !== 'in_use') throw error;
    console.warn(`[flowdeck] ${(error as Error).message}; this process serves no gRPC`);
    return undefined;
  }
}
