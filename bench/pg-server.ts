// A throwaway PostgreSQL server with durable settings (fsync, synchronous_commit and full_page_writes on:
// the server defaults), unlike the test cluster of scripts/pg-cluster.mjs, which turns them off for speed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPostgresBin, freePort } from '../scripts/pg-cluster.mjs';

/** A running server: its URL and stop(). */
export interface BenchPostgres {
  url: string;
  stop(): void;
}

function asPostgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(bin: string, args: string[], options: object): void {
  const result = spawnSync(bin, args, { ...options, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed: ${`${result.stdout}${result.stderr}`.trim().split('\n').slice(-3).join(' | ')}`);
}

/** Starts a fresh durable server on a free port; rejects with a one-line reason when that is not possible. */
export async function startDurablePostgres(): Promise<BenchPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin');
  const user = asPostgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-bench-pg-'));
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid!);
  const data = path.join(dir, 'data');
  const options = { ...user, cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
  let running = false;
  const stop = () => {
    if (running) spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], { ...options, stdio: 'ignore' });
    running = false;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions'], options);
    const port = await freePort();
    const serverOptions = `-p ${port} -h 127.0.0.1 -k ${dir} -c max_connections=200`;
    run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', serverOptions, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start'], options);
    running = true;
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * Runs `body` with a PostgreSQL server URL: TEST_DATABASE_URL_PG when set, else a throwaway durable server that
 * is stopped afterwards. `log` says when one is started.
 */
export async function withBenchPostgres<T>(log: (line: string) => void, body: (serverUrl: string) => Promise<T>): Promise<T> {
  const given = process.env.TEST_DATABASE_URL_PG?.trim();
  if (given) return body(given);
  log('PostgreSQL: starting a throwaway durable server');
  const server = await startDurablePostgres();
  try {
    return await body(server.url);
  } finally {
    server.stop();
  }
}
