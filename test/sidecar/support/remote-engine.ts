// An engine host (built-in workflows registered, workers on, fast polling) on an existing database, with the
// gRPC sidecar in front of it: what a Flowdeck server process runs, with the lease and poll times a test wants.
import { WorkflowRuntime } from '@/lib/engine';
import type { EngineLogger } from '@/lib/engine/logs';
import type { DbClient } from '@/lib/db/client';
import type { Dialect } from '@/lib/db/config';
import type { EngineHost } from '@/lib/server/engine-host';
import { startSidecarServer, type SidecarServer } from '@/lib/sidecar/grpc-server';
import { createDatabaseStore } from '@/lib/store/database-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { createPrismaInventory } from '@/lib/workflows/prisma-inventory';

/** Engine tuning a test may change (everything else is the server's default, polling every 50 ms). */
export interface RemoteEngineOptions {
  leaseMs?: number;
  maxPayloadBytes?: number;
  /** The gRPC port; 0 (default) picks a free one. */
  grpcPort?: number;
  /** Receives the engine's warnings and errors instead of the console. */
  log?: EngineLogger;
  /** The token every gRPC call must carry (dapr-api-token); none by default. */
  apiToken?: string;
}

/** A running engine host and its sidecar; stop() stops both (the database stays). */
export interface RemoteEngine {
  host: EngineHost;
  server: SidecarServer;
  stop(): Promise<void>;
}

/** Starts the engine on `prisma`'s database and the sidecar on 127.0.0.1. */
export async function startRemoteEngine(prisma: DbClient, kind: Dialect, options: RemoteEngineOptions = {}): Promise<RemoteEngine> {
  const store = createDatabaseStore(prisma, kind);
  const inventory = createPrismaInventory(prisma);
  const tuning = Object.fromEntries(Object.entries({ leaseMs: options.leaseMs, maxPayloadBytes: options.maxPayloadBytes }).filter(([, v]) => v !== undefined));
  const runtime = new WorkflowRuntime({ store, pollIntervalMs: 50, log: options.log, ...tuning });
  registerBuiltInWorkflows(runtime, { inventory });
  await runtime.start();
  const host: EngineHost = { runtime, client: runtime.client(), store, registry: runtime.registry, inventory, prisma };
  const server = await startSidecarServer({ engineHost: async () => host, host: '127.0.0.1', port: options.grpcPort ?? 0, apiToken: options.apiToken });
  return {
    host,
    server,
    async stop() {
      await server.stop(1000);
      await runtime.stop();
      await store.close();
    },
  };
}
