// The HTTP server of `npm start` and of the browser and API tests: Next.js's request handler behind a node:http
// server of our own, written by hand for the two things `next start` cannot do:
// - TRACE: fetch's Request refuses the method, so Next.js answered it with a plain-text 500. It gets a JSON 405
//   ERR_METHOD_NOT_ALLOWED with the path's real methods in Allow (asked of the route by OPTIONS). CONNECT, which
//   node:http hands to a 'connect' listener instead, gets a plain JSON 405 too.
// - X-Forwarded-For: Next.js fills it from the socket only when the client sent none, so a client could pick the
//   address its failed sign-ins are counted under. It is set from the socket here, unless FLOWDECK_TRUST_PROXY=1
//   says a reverse proxy in front sets it.
// Usage: node scripts/serve.mjs -H <host> -p <port>
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { hostname: { type: 'string', short: 'H', default: '127.0.0.1' }, port: { type: 'string', short: 'p', default: '3000' } } });
const hostname = values.hostname;
const port = Number(values.port);
const trustProxy = process.env.FLOWDECK_TRUST_PROXY === '1';


/**
 * Answers a refused method: 405 with the methods of the route at the path (asked by OPTIONS with the caller's
 * credentials), or what OPTIONS itself answered (401 without the token, 404 for no route).
 */
async function refuseMethod(req, res) {
  const self = `http://${hostname.includes(':') ? `[${hostname}]` : hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${port}`;
  const credentials = Object.fromEntries(['cookie', 'authorization', 'dapr-api-token'].filter((name) => req.headers[name]).map((name) => [name, req.headers[name]]));
  let options;
  try {
    options = await fetch(new URL(req.url ?? '/', self), { method: 'OPTIONS', headers: credentials });
  } catch {
    options = undefined;
  }
  const allow = options?.headers.get('allow');
  if (options && !options.ok && options.headers.get('content-type')?.includes('application/json')) {
    res.writeHead(options.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...(options.headers.get('www-authenticate') ? { 'WWW-Authenticate': options.headers.get('www-authenticate') } : {}) });
    res.end(await options.text());
    return;
  }
  const served = allow ?? 'GET, HEAD';
  res.writeHead(405, { 'Content-Type': 'application/json', Allow: served, 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ errorCode: 'ERR_METHOD_NOT_ALLOWED', message: `${req.method} is not supported here; this path serves ${served}` }));
}

// The access checks need to know whether only this machine can reach the server (local mode: lib/api/auth.ts).
process.env.FLOWDECK_BIND_HOST = hostname;
const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  if (req.method === 'TRACE') {
    req.resume();
    void refuseMethod(req, res);
    return;
  }
  if (!trustProxy) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  void handle(req, res);
});
server.on('connect', (req, socket) => {
  const body = JSON.stringify({ errorCode: 'ERR_METHOD_NOT_ALLOWED', message: 'CONNECT is not supported: Flowdeck is not a proxy' });
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
});
server.listen(port, hostname, () => console.log(`Serving on http://${hostname}:${port}`));
server.on('error', (error) => {
  console.error(`Error: cannot listen on ${hostname}:${port}: ${error.message}`);
  process.exit(1);
});
