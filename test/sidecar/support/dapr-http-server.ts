// Dapr's HTTP API (lib/api/dapr-api.ts, what app/v1.0*/[[...path]]/route.ts serves) on a plain node:http server
// over an engine host, so SDK clients can be pointed at it without a Next.js build.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ApiContext } from '@/lib/api/context';
import { handleDaprRequest } from '@/lib/api/dapr-api';
import { DAPR_API_VERSIONS } from '@/lib/api/dapr-router';
import type { EngineHost } from '@/lib/server/engine-host';

/** A listening HTTP server and how to stop it. */
export interface DaprHttpServer {
  port: number;
  close(): Promise<void>;
}

/** The ApiContext route handlers build from the process's engine host (as lib/api/engine-context.ts does). */
export function apiContextOf(host: EngineHost, dialect: ApiContext['dialect']): ApiContext {
  return {
    client: host.client,
    store: host.store,
    registry: host.registry,
    inventory: host.inventory,
    maxPayloadBytes: host.runtime.options.maxPayloadBytes,
    dialect,
    pingDatabase: async () => {
      await host.prisma.$queryRawUnsafe('SELECT 1');
    },
  };
}

/** Serves /{v1.0,v1.0-beta1,v1.0-alpha1}/... on a free port of 127.0.0.1 (404 elsewhere). */
export async function startDaprHttpServer(ctx: ApiContext): Promise<DaprHttpServer> {
  const server = http.createServer((req, res) => {
    void answer(req, res, ctx).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse, ctx: ApiContext): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const [version, ...segments] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (!(DAPR_API_VERSIONS as readonly string[]).includes(version)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]])),
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
  } as RequestInit);
  const response = await handleDaprRequest(request, version, segments, async () => ctx);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
