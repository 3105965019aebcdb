// The API context of this server process: its engine host (created on first use, kept on globalThis).
import 'server-only';
import { resolveDatabaseConfig } from '../db/config';
import { getEngineHost, type EngineHost } from '../server/engine-host';
import { declarationsOf } from '../workflows/engine-declarations';
import type { ApiContext } from './context';
import { keepDashboardSessionsIn } from './auth';

// Dashboard session cookies are checked against the engine host's database.
keepDashboardSessionsIn(async () => (await getEngineHost()).sessions);

const contexts = new WeakMap<EngineHost, ApiContext>();

/** The ApiContext backed by the process's engine host (throws when the database cannot be reached). */
export async function engineApiContext(): Promise<ApiContext> {
  const host = await getEngineHost();
  let ctx = contexts.get(host);
  if (!ctx) {
    ctx = {
      client: host.client,
      store: host.store,
      registry: host.registry,
      inventory: host.inventory,
      maxPayloadBytes: host.runtime.options.maxPayloadBytes,
      dialect: resolveDatabaseConfig().dialect,
      pingDatabase: async () => {
        await host.prisma.$queryRawUnsafe('SELECT 1');
      },
      // Read on every call: the sidecar attaches remoteWorkers to the host once it serves gRPC.
      connectedWorkers: () => host.remoteWorkers?.connected() ?? 0,
      declarations: declarationsOf(host),
    };
    contexts.set(host, ctx);
  }
  return ctx;
}
