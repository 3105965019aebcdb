// A Flowdeck host in the test's process for remote-worker tests: a fresh SQLite or PostgreSQL database, the
// engine with the sidecar (remote-engine.ts) and Dapr's HTTP API on free ports of 127.0.0.1.
import type { Dialect } from '@/lib/db/config';
import type { EngineHost } from '@/lib/server/engine-host';
import type { SidecarServer } from '@/lib/sidecar/grpc-server';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { apiContextOf, startDaprHttpServer } from './dapr-http-server';
import { startRemoteEngine, type RemoteEngineOptions } from './remote-engine';

/** The host, its sidecar, the HTTP API and the database; stop() stops all and deletes the database. */
export interface RemoteHost {
  host: EngineHost;
  server: SidecarServer;
  database: TestDatabase;
  /** `http://127.0.0.1:<port>/v1.0/workflows/dapr` */
  workflowsUrl: string;
  /** The HTTP port (DAPR_HTTP_PORT for apps). */
  httpPort: number;
  stop(): Promise<void>;
}

/** Starts a host on a fresh `kind` database. */
export async function startRemoteHost(kind: Dialect, options: RemoteEngineOptions = {}): Promise<RemoteHost> {
  const database = await createTestDatabase(kind);
  const engine = await startRemoteEngine(database.prisma, kind, options);
  const http = await startDaprHttpServer(apiContextOf(engine.host, kind));
  return {
    host: engine.host,
    server: engine.server,
    database,
    workflowsUrl: `http://127.0.0.1:${http.port}/v1.0/workflows/dapr`,
    httpPort: http.port,
    async stop() {
      await http.close();
      await engine.stop();
      await database.dispose();
    },
  };
}
