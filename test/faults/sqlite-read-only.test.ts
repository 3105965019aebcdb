// A SQLite file that turns read-only under a running engine host: a start answers 503 ERR_DATABASE_UNAVAILABLE
// "database is read-only" with Retry-After (never 500) and creates nothing, /api/health answers degraded with
// that reason, and both recover by themselves once the file is writable again.
//
// Read-only is made the way an operator would: the immutable attribute (chattr +i) on the database and its WAL
// when we are root (root ignores file modes), else their modes (chmod a-w). The -shm file stays writable: SQLite
// maps it into memory, and a mapped page that cannot be written is a SIGBUS, not an error.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startSqliteHost, type SqliteHost } from './support/sqlite-host';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Makes `files` read-only (or writable again) for every process, root included. */
function setReadOnly(files: string[], readOnly: boolean): void {
  if (asRoot) execFileSync('chattr', [readOnly ? '+i' : '-i', ...files]);
  else for (const file of files) fs.chmodSync(file, readOnly ? 0o444 : 0o644);
}

let dir: string;
let file: string;
let host: SqliteHost;

beforeAll(async () => {
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(() => undefined);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-read-only-'));
  file = path.join(dir, 'flowdeck.db');
  host = await startSqliteHost(file);
});

afterAll(async () => {
  if (file) setReadOnly([file, `${file}-wal`].filter((f) => fs.existsSync(f)), false);
  await host?.stop();
  vi.restoreAllMocks();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a start answers 503 "database is read-only", /api/health says degraded with the reason, both recover', { timeout: 60_000 }, async () => {
  expect((await host.start('before')).status).toBe(202);
  await host.waitForStatus('before', 'COMPLETED');
  expect((await host.waitForHealth(200)).body).toEqual({ status: 'ok', database: 'sqlite' });

  setReadOnly([file, `${file}-wal`], true);
  try {
    const refused = await host.start('while-read-only');
    expect({ status: refused.status, errorCode: refused.body?.errorCode, retryAfter: refused.retryAfter }).toEqual({ status: 503, errorCode: 'ERR_DATABASE_UNAVAILABLE', retryAfter: '5' });
    expect(refused.body?.message).toMatch(/^database is read-only/);
    const degraded = await host.waitForHealth(503);
    expect(degraded.body).toMatchObject({ status: 'degraded', database: 'sqlite', reason: 'database is read-only', errorCode: 'ERR_DATABASE_UNAVAILABLE' });
    expect(degraded.retryAfter).toBe('5');
    // Reads still work, and the refused start left nothing behind.
    expect((await host.get('before')).body?.runtimeStatus).toBe('COMPLETED');
    expect((await host.get('while-read-only')).status).toBe(404);
  } finally {
    setReadOnly([file, `${file}-wal`], false);
  }

  expect((await host.waitForHealth(200)).body).toEqual({ status: 'ok', database: 'sqlite' });
  expect((await host.start('after')).status).toBe(202);
  await host.waitForStatus('after', 'COMPLETED');
  expect((await host.get('while-read-only')).status).toBe(404);
});
