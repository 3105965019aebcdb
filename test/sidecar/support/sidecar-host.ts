// A real engine host (the built-in workflows on a fresh SQLite or PostgreSQL database) with the gRPC sidecar
// listening on a free port of 127.0.0.1, as the server process runs them.
import { WorkflowRuntime } from '@/lib/engine';
import type { Dialect } from '@/lib/db/config';
import type { EngineHost } from '@/lib/server/engine-host';
import { startSidecarServer, type SidecarServer } from '@/lib/sidecar/grpc-server';
import { createDatabaseStore } from '@/lib/store/database-store';
import { registerBuiltInWorkflows } from '@/lib/workflows';
import { createPrismaInventory } from '@/lib/workflows/prisma-inventory';
import { createTestDatabase, type TestDatabase } from '../../support/databases';

/** An engine host with its sidecar; stop() stops both and deletes the database. */
export interface SidecarHost {
  host: EngineHost;
  server: SidecarServer;
  database: TestDatabase;
  /** `127.0.0.1:<port>` */
  address: string;
  stop(): Promise<void>;
}

/** Starts the engine (workers on, fast polling) on a fresh `kind` database and the sidecar in front of it. */
export async function startSidecarHost(kind: Dialect, options: { apiToken?: string; maxPayloadBytes?: number } = {}): Promise<SidecarHost> {
  const database = await createTestDatabase(kind);
  const store = createDatabaseStore(database.prisma, kind);
  const inventory = createPrismaInventory(database.prisma);
  const runtime = new WorkflowRuntime({ store, pollIntervalMs: 50, ...(options.maxPayloadBytes ? { maxPayloadBytes: options.maxPayloadBytes } : {}) });
  registerBuiltInWorkflows(runtime, { inventory });
  await runtime.start();
  const host: EngineHost = { runtime, client: runtime.client(), store, registry: runtime.registry, inventory, prisma: database.prisma };
  const server = await startSidecarServer({ engineHost: async () => host, host: '127.0.0.1', port: 0, apiToken: options.apiToken });
  return {
    host,
    server,
    database,
    address: server.address,
    async stop() {
      await server.stop(1000);
      await runtime.stop();
      await store.close();
      await database.dispose();
    },
  };
}
