// npm start: check the port, migrate the database, build if needed, then run `next start`.
// HOST (default: localhost, i.e. 127.0.0.1; HOST=0.0.0.0 listens on every interface), PORT (default 3000),
// DATABASE_URL (default file:./data/flowdeck.db). Configuration problems print one line and exit 1.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function fail(message) {
  console.error(`Error: ${message}`);
  process.exit(1);
}

const rawHost = process.env.HOST?.trim() || 'localhost';
const host = rawHost === 'localhost' ? '127.0.0.1' : rawHost;
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a number from 1 to 65535 (got "${process.env.PORT}")`);
const shownHost = ['0.0.0.0', '::', '127.0.0.1'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
const url = `http://${shownHost}:${port}`;

/** Fails with one line if something already listens on host:port. */
function checkPort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE') fail(`port ${port} is already in use on ${host}: stop the other server or choose another with PORT=...`);
      if (error.code === 'EACCES') fail(`not allowed to listen on port ${port} (${host}): choose another with PORT=...`);
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') fail(`HOST ${rawHost} is not an address of this machine`);
      fail(`cannot listen on ${host}:${port}: ${error.message}`);
    });
    server.listen(port, host, () => server.close(resolve));
  });
}

function waitUntilListening(child) {
  const deadline = Date.now() + 120_000;
  const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const attempt = () => {
    if (child.exitCode !== null || Date.now() > deadline) return;
    const socket = net.connect(port, probeHost);
    socket.once('connect', () => {
      socket.destroy();
      console.log(`\nFlowdeck is running at ${url}  (Ctrl-C to stop)\n`);
    });
    socket.once('error', () => setTimeout(attempt, 200));
  };
  attempt();
}

await checkPort();

// Migrate first: an unreachable or unwritable database fails here in one line, before any build.
const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.mts'], { stdio: 'inherit', env: process.env });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

if (!ensureBuild(root)) fail('next build failed (see its output above)');
await checkPort();

const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const child = spawn(process.execPath, [next, 'start', '-H', host, '-p', String(port)], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
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
waitUntilListening(child);
