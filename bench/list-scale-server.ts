// The server of bench/list-scale.ts: the app's own route handlers of GET /api/instances and GET /api/health,
// imported from the checkout at APP_ROOT (this one or an older copy, to compare), served by node:http on PORT.
// Run with cwd APP_ROOT (its tsconfig resolves `@/`) and `--conditions=react-server` (so `server-only` loads).
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a Next.js route file exports for GET. */
type RouteModule = { GET: (request: Request, context: { params: Promise<object> }) => Promise<Response> };

async function loadRoute(root: string, route: string): Promise<RouteModule> {
  return (await import(pathToFileURL(path.join(root, 'app', route, 'route.ts')).href)) as RouteModule;
}

async function main(): Promise<void> {
  const root = process.env.APP_ROOT;
  const port = Number(process.env.PORT);
  if (!root || !Number.isInteger(port)) throw new Error('APP_ROOT and PORT must be set');
  const routes = new Map([
    ['/api/instances', await loadRoute(root, 'api/instances')],
    ['/api/health', await loadRoute(root, 'api/health')],
  ]);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const route = routes.get(url.pathname);
    if (!route || req.method !== 'GET') return void res.writeHead(404).end();
    try {
      const response = await route.GET(new Request(url), { params: Promise.resolve({}) });
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      console.error(error);
      res.writeHead(500).end();
    }
  });
  server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
