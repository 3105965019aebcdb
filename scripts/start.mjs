// npm start: check the ports, migrate the database, build if needed, then serve the production build
// (scripts/serve.mjs: Next.js's handler behind a node:http server of ours).
// HOST (default: localhost, i.e. 127.0.0.1; HOST=0.0.0.0 listens on every interface), PORT (default 3000), or
// `next start`'s own -H/--hostname and -p/--port (`npm start -- -p 4000`), which win over the variables;
// FLOWDECK_GRPC_PORT (the gRPC sidecar for Dapr SDK apps, default 50001, `off` disables it),
// DATABASE_URL (default file:./data/flowdeck.db). Configuration problems print one line and exit 1.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuild } from './build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function fail(message) {
  console.error(`Error: ${message}`);
  process.exit(1);
}

/** The command line: `next start`'s -p and -H, as a Next.js user types them; anything else is refused, never ignored. */
function commandLine() {
  try {
    return parseArgs({ options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } } }).values;
  } catch (error) {
    return fail(`${error.message.split('. ')[0]}: npm start takes only -p/--port and -H/--hostname (or the PORT and HOST variables)`);
  }
}

const args = commandLine();
const rawHost = (args.hostname ?? process.env.HOST)?.trim() || 'localhost';
const host = rawHost === 'localhost' ? '127.0.0.1' : rawHost;
const [portSetting, rawPort] = args.port !== undefined ? ['--port', args.port] : ['PORT', process.env.PORT ?? '3000'];
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort.trim()) || port < 1 || port > 65535) fail(`${portSetting} must be a number from 1 to 65535 (got "${rawPort}")`);
const rawGrpcPort = process.env.FLOWDECK_GRPC_PORT?.trim() || '50001';
const grpcPort = rawGrpcPort.toLowerCase() === 'off' ? undefined : Number(rawGrpcPort);
if (grpcPort !== undefined && (!/^\d+$/.test(rawGrpcPort) || grpcPort < 1 || grpcPort > 65535)) {
  fail(`FLOWDECK_GRPC_PORT must be a number from 1 to 65535 or off (got "${process.env.FLOWDECK_GRPC_PORT}")`);
}
if (grpcPort === port) fail(`PORT and FLOWDECK_GRPC_PORT are both ${port}: choose two different ports`);
const shownHost = ['0.0.0.0', '::', '127.0.0.1'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
const url = `http://${shownHost}:${port}`;

/** Fails with one line if something already listens on host:portNumber (`change` says which setting to change). */
function checkPort(portNumber, what, change) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE') fail(`${what}port ${portNumber} is already in use on ${host}: stop the other server or ${change}`);
      if (error.code === 'EACCES') fail(`not allowed to listen on ${what}port ${portNumber} (${host}): ${change}`);
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') fail(`HOST ${rawHost} is not an address of this machine`);
      fail(`cannot listen on ${host}:${portNumber}: ${error.message}`);
    });
    server.listen(portNumber, host, () => server.close(resolve));
  });
}

async function checkPorts() {
  await checkPort(port, '', portSetting === 'PORT' ? 'choose another with PORT=...' : 'choose another with -p/--port');
  if (grpcPort !== undefined) await checkPort(grpcPort, 'gRPC ', 'choose another with FLOWDECK_GRPC_PORT=... (or turn gRPC off with FLOWDECK_GRPC_PORT=off)');
}

/** Resolves once something accepts connections on `portNumber` (never if the child exits or two minutes pass). */
function whenListening(child, portNumber) {
  const deadline = Date.now() + 120_000;
  const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return new Promise((resolve) => {
    const attempt = () => {
      if (child.exitCode !== null || Date.now() > deadline) return;
      const socket = net.connect(portNumber, probeHost);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => setTimeout(attempt, 200));
    };
    attempt();
  });
}

/** Says the server is up once both the HTTP port and the gRPC port (bound before SDK apps may connect) answer. */
async function announceWhenListening(child) {
  await whenListening(child, port);
  if (grpcPort !== undefined) await whenListening(child, grpcPort);
  if (child.exitCode === null) console.log(`\nFlowdeck is running at ${url}  (Ctrl-C to stop)\n`);
}

await checkPorts();

// Migrate first: an unreachable or unwritable database fails here in one line, before any build.
const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.mts'], { stdio: 'inherit', env: process.env });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

if (!ensureBuild(root)) fail('next build failed (see its output above)');
await checkPorts();

const child = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), '-H', host, '-p', String(port)], {
  stdio: 'inherit',
  // The gRPC port is passed explicitly, so the server stops (rather than serving without gRPC) if it is taken
  // meanwhile. NEXT_MANUAL_SIG_HANDLE leaves SIGTERM/SIGINT to the server's boot (lib/server/boot.ts), which stops
  // the gRPC sidecar and the engine gracefully before exiting; Next.js would otherwise exit at once.
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_MANUAL_SIG_HANDLE: '1',
    FLOWDECK_GRPC_PORT: grpcPort === undefined ? 'off' : String(grpcPort),
    // The flags' host and port, if given, for everything in the server that reads the variables (the gRPC server
    // listens on HOST).
    HOST: rawHost,
    PORT: String(port),
  },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
// `npm start` does not pass SIGTERM on to us through its shell: if our parent goes away, stop too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && child.exitCode === null) child.kill('SIGTERM');
}, 1000).unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1)));
void announceWhenListening(child);
