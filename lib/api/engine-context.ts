// The API context of this server process: its engine host (created on first use, kept on globalThis).
import 'server-only';
import { resolveDatabaseConfig } from '../db/config';
import { getEngineHost, type EngineHost } from '../server/engine-host';
import { declarationsOf } from '../workflows/engine-declarations';
import type { ApiContext } from './context';
import { keepAuthStoresIn } from './auth';
import { createAccounts } from '../auth/accounts';
import type { FlowdeckAuth } from '../auth/better-auth';

// Session cookies and people are checked against the engine host's database.
keepAuthStoresIn({
  sessions: async () => (await getEngineHost()).sessions,
  people: async () => (await getEngineHost()).people,
  apiTokens: async () => (await getEngineHost()).apiTokens,
});

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
      accounts: host.auth && host.people ? createAccounts(host.auth, host.prisma, host.people) : undefined,
      apiTokens: host.apiTokens,
      audit: host.audit,
      approvals: host.approvals?.approvals,
      bulkJobs: host.prisma,
    };
    contexts.set(host, ctx);
  }
  return ctx;
}

/** This process's Better Auth instance (sign-in for people), once the engine host is up. */
export async function engineAuth(): Promise<FlowdeckAuth | undefined> {
  return (await getEngineHost()).auth;
}
