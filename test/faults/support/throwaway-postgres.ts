// A PostgreSQL server of the test's own (scripts/pg-cluster.mjs), migrated, that the test may restart and whose
// sessions it may terminate: the shared server of TEST_DATABASE_URL_PG is never restarted.
import { execFileSync, execFile } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '@/lib/db/migrate';
import { pgConnectionConfig } from '@/lib/db/schema-engine-adapter';
import { findPostgresBin, startThrowawayCluster, type ThrowawayCluster } from '../../../scripts/pg-cluster.mjs';

/** A migrated throwaway server. */
export interface FaultyPostgres {
  url: string;
  /**
   * `pg_ctl restart -m fast`: every session is ended, the server stops and starts again; resolves once it accepts
   * connections (asynchronously: the engine in this process keeps running meanwhile).
   */
  restart(): Promise<void>;
  /**
   * `pg_ctl stop -m smart` without waiting: the server refuses new sessions (57P03 "the database system is shutting
   * down") until the open ones end, then stops.
   */
  beginSmartShutdown(): Promise<void>;
  /** Terminates every other session on the database (pg_terminate_backend); resolves to how many. */
  terminateBackends(): Promise<number>;
  /** Stops the server and deletes its files. */
  stop(): void;
}

/**
 * Whether a throwaway server can run here (PostgreSQL's server binaries). Under CI=true it must: a missing
 * binary fails there instead of skipping.
 */
export function canRunThrowawayPostgres(): boolean {
  if (findPostgresBin()) return true;
  if (process.env.CI === 'true') throw new Error('CI=true but the PostgreSQL server binaries are missing: the PostgreSQL fault tests cannot be skipped in CI');
  console.warn('\n*** PostgreSQL server binaries not found (apt-get install postgresql): SKIPPING the PostgreSQL restart tests ***\n');
  return false;
}

/** The uid/gid the cluster runs as (the `postgres` user when we are root), as pg-cluster.mjs does. */
function clusterUser(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Starts a fresh server and applies Flowdeck's migrations to its `postgres` database. */
export async function startFaultyPostgres(): Promise<FaultyPostgres> {
  const cluster: ThrowawayCluster = await startThrowawayCluster();
  try {
    await migrateDatabase(cluster.url);
  } catch (error) {
    cluster.stop();
    throw error;
  }
  const dir = path.dirname(cluster.dataDir);
  const pgCtl = (...args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile(path.join(findPostgresBin()!, 'pg_ctl'), ['-D', cluster.dataDir, ...args], { ...clusterUser(), cwd: dir }, (error, stdout, stderr) =>
        error ? reject(new Error(`pg_ctl ${args.join(' ')} failed: ${error.message} ${stdout}${stderr}`)) : resolve(),
      ),
    );
  return {
    url: cluster.url,
    restart: () => pgCtl('-m', 'fast', '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'restart'),
    beginSmartShutdown: () => pgCtl('-m', 'smart', '-W', 'stop'),
    async terminateBackends() {
      const admin = new pg.Client(pgConnectionConfig(cluster.url));
      admin.on('error', () => undefined);
      await admin.connect();
      try {
        const { rows } = await admin.query<{ ended: boolean }>(
          'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        return rows.filter((r) => r.ended).length;
      } finally {
        await admin.end();
      }
    },
    stop: () => cluster.stop(),
  };
}
