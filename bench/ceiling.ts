// The database's own commit rate in this run: a loop of single-row INSERT transactions with the engine's
// durability settings (SQLite: the store's pragmas; PostgreSQL: the server's defaults, synchronous_commit on).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pgConnectionConfig } from '../lib/db/schema-engine-adapter';
import { openSqlite } from '../lib/store/sqlite-connection';

/** Commit rate and the durability settings it ran with. */
export interface Ceiling {
  commitsPerSecond: number;
  durability: Record<string, string>;
}

const DURATION_MS = 1_500;

/** Single-row insert transactions per second on a temp SQLite file opened like the store's connection. */
export function sqliteCeiling(): Ceiling {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-ceiling-'));
  const db = openSqlite(path.join(dir, 'ceiling.db'));
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    let commits = 0;
    const started = performance.now();
    while (performance.now() - started < DURATION_MS) {
      begin.run();
      insert.run('x');
      commit.run();
      commits++;
    }
    const durability = { journal_mode: String(db.pragma('journal_mode', { simple: true })), synchronous: synchronousName(Number(db.pragma('synchronous', { simple: true }))) };
    return { commitsPerSecond: Math.round(commits / ((performance.now() - started) / 1000)), durability };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function synchronousName(level: number): string {
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level);
}

/** Single-row autocommit inserts per second on the PostgreSQL database at `url`. */
export async function postgresCeiling(url: string): Promise<Ceiling> {
  const client = new pg.Client(pgConnectionConfig(url));
  await client.connect();
  try {
    // A real table (not TEMP, which is unlogged), so that every commit waits for the WAL flush.
    await client.query('DROP TABLE IF EXISTS ceiling_t; CREATE TABLE ceiling_t (id SERIAL PRIMARY KEY, v TEXT)');
    let commits = 0;
    const started = performance.now();
    while (performance.now() - started < DURATION_MS) {
      await client.query('INSERT INTO ceiling_t (v) VALUES ($1)', ['x']);
      commits++;
    }
    await client.query('DROP TABLE ceiling_t');
    const setting = async (name: string) => String((await client.query(`SHOW ${name}`)).rows[0][name]);
    const durability = { synchronous_commit: await setting('synchronous_commit'), fsync: await setting('fsync'), wal_sync_method: await setting('wal_sync_method') };
    return { commitsPerSecond: Math.round(commits / ((performance.now() - started) / 1000)), durability };
  } finally {
    await client.end();
  }
}
