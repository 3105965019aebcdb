// /metrics on a port of its own, for processes without the Next.js server (npm run worker): node:http, GET only,
// behind the API token unless FLOWDECK_METRICS_PUBLIC=1, as the app's /metrics.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configuredApiToken, presentedToken, requireToken } from '../api/auth';
import { ApiError, errorResponse, methodNotAllowedError } from '../api/errors';
import type { MetricsTelemetry } from './metrics';

/** A running metrics server. */
export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics of `metrics` on `host`:`port`; `isPublic` skips the token check. Rejects when the port is taken. */
export async function startMetricsServer(metrics: MetricsTelemetry, options: { port: number; host?: string; isPublic: boolean }): Promise<MetricsServer> {
  const server = createServer((req, res) => void answer(metrics, options.isPublic, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

async function answer(metrics: MetricsTelemetry, isPublic: boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: Response;
  try {
    const url = new URL(req.url ?? '/', 'http://metrics.local');
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    // A worker process has no dashboard sessions: the API token (header or Bearer) is the only way in.
    if (!isPublic) requireToken(presentedToken(new Request(url, { headers })), configuredApiToken(), 'send it in the dapr-api-token header or as Authorization: Bearer <token>');
    if (url.pathname !== '/metrics') throw new ApiError('ERR_NOT_FOUND', 'this port serves only /metrics');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowedError(req.method ?? '', ['GET']);
    response = new Response(await metrics.text(), { headers: { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' } });
  } catch (error) {
    response = errorResponse(error);
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
