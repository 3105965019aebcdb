// A throwaway PostgreSQL cluster from the Debian binaries (/usr/lib/postgresql/*/bin), for tests and
// for `npm run db:migration`. Runs as the `postgres` user when we are root, on 127.0.0.1 and a free port,
// with its data under a temporary directory that stop() removes.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or null. */
export function findPostgresBin() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')) && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function runAsUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function run(bin, args, opts) {
  const res = spawnSync(bin, args, { ...opts, encoding: 'utf8' });
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new Error(`${path.basename(bin)} failed (${res.status ?? res.signal}): ${out || res.error?.message}`);
  }
  return res;
}

/**
 * Starts a fresh cluster and resolves to { url, stop() }; rejects with a one-line reason when the
 * binaries are missing or the server does not start. stop() is synchronous so exit handlers can call it.
 */
export async function startThrowawayCluster() {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)');
  const user = runAsUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-pg-'));
  const data = path.join(dir, 'data');
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid);
  const opts = { ...user, cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...opts, stdio: 'ignore' });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], opts);
    const port = await freePort();
    const serverOpts = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', serverOpts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start'], opts);
    started = true;
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop, dataDir: data };
  } catch (error) {
    stop();
    throw error;
  }
}
