// Restate's side of `npm run bench -- --peers`: a Restate server from @restatedev/restate-server (its defaults:
// a single node whose log and state are RocksDB with the WAL fsynced), bound to 127.0.0.1 on free ports, in a
// temp base directory; a TS SDK service of this bench's own (`bench.sequence(n)`: n no-op ctx.run steps in
// sequence) served over HTTP/2 and registered with the admin API; each workflow is one request to the ingress,
// which answers once the handler completed. Prints the figures as JSON (last line); stops the server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fail, finish, measure } from './scenarios.mjs';

// The SDK 1.17 expects Node 22; Node 20 lacks only Promise.withResolvers.
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const restate = await import('@restatedev/restate-sdk');

const require = createRequire(import.meta.url);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startServer(dir) {
  const [ingress, admin, node] = [await freePort(), await freePort(), await freePort()];
  const binary = require.resolve(`@restatedev/restate-server-${os.platform()}-${os.arch()}/bin/restate-server`);
  const log = fs.openSync(path.join(dir, 'server.log'), 'a');
  const child = spawn(binary, ['--base-dir', path.join(dir, 'data'), '--no-logo', '--listen-mode', 'tcp'], {
    env: {
      ...process.env,
      RESTATE_BIND_IP: '127.0.0.1',
      RESTATE_BIND_ADDRESS: `127.0.0.1:${node}`,
      RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${node}/`,
      RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingress}`,
      RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${admin}`,
      RESTATE_DISABLE_TELEMETRY: 'true',
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await until('the Restate server', async () => (await fetch(`http://127.0.0.1:${admin}/health`)).ok);
    await until('the Restate ingress', async () => (await fetch(`http://127.0.0.1:${ingress}/restate/health`)).ok);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}: ${fs.readFileSync(path.join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ')}`);
  }
  return { ingress, admin, stop };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-bench-restate-'));
  let server;
  let endpoint;
  try {
    server = await startServer(dir);
    const noop = async (n) => n + 1;
    const bench = restate.service({
      name: 'bench',
      handlers: {
        sequence: async (ctx, steps) => {
          let n = 0;
          for (let i = 0; i < steps; i++) n = await ctx.run('bench_noop', () => noop(n));
          return n;
        },
      },
    });
    endpoint = http2.createServer(restate.createEndpointHandler({ services: [bench] }));
    const port = await new Promise((resolve) => endpoint.listen(0, '127.0.0.1', () => resolve(endpoint.address().port)));
    const registered = await fetch(`http://127.0.0.1:${server.admin}/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uri: `http://127.0.0.1:${port}` }),
    });
    if (!registered.ok) throw new Error(`registering the service failed: ${registered.status} ${await registered.text()}`);
    const runOne = async (id, steps) => {
      const response = await fetch(`http://127.0.0.1:${server.ingress}/bench/sequence`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': id },
        body: JSON.stringify(steps),
      });
      const body = await response.text();
      if (!response.ok || Number(body) !== steps) throw new Error(`Restate invocation ${id} answered ${response.status} ${body}`);
    };
    // Partitions and the deployment become ready a moment after registration.
    await until('the first invocation', async () => (await runOne('ready', 1), true));
    const figures = await measure(runOne);
    const { version } = JSON.parse(fs.readFileSync(require.resolve('@restatedev/restate-server/package.json'), 'utf8'));
    const sdk = JSON.parse(fs.readFileSync(new URL('./node_modules/@restatedev/restate-sdk/package.json', import.meta.url), 'utf8')).version;
    return { engine: 'Restate', version: `server ${version}, TS SDK ${sdk}`, ...figures, durability: { 'rocksdb-disable-wal-fsync': 'false (the default)' } };
  } finally {
    endpoint?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(finish, fail);
