// The disk under a running engine host's SQLite file fills up: a start answers 503 ERR_DATABASE_UNAVAILABLE
// "database disk is full" with Retry-After (never 500) and creates nothing, /api/health answers degraded with
// that reason, and both recover by themselves once space is freed.
//
// The disk is a small tmpfs the test mounts (root only). Where it cannot mount one, the test is skipped with a
// loud notice, under CI=true too: filling the machine's real disk is no substitute.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startSqliteHost, type SqliteHost } from './support/sqlite-host';

/** Mounts a 16 MiB tmpfs on a fresh directory; undefined (with the reason logged) where that is not allowed. */
function mountSmallDisk(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'pipe' });
    return dir;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const reason = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    console.warn(`\n*** cannot mount a small tmpfs here (${reason}; needs root): SKIPPING the SQLite disk-full test ***\n`);
    return undefined;
  }
}

/** Writes `file` until the disk refuses (ENOSPC). */
function fillDisk(file: string): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(file, 'w');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

const disk = mountSmallDisk();
let host: SqliteHost | undefined;

beforeAll(async () => {
  if (!disk) return;
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(() => undefined);
  host = await startSqliteHost(path.join(disk, 'flowdeck.db'));
});

afterAll(async () => {
  await host?.stop();
  vi.restoreAllMocks();
  if (disk) {
    execFileSync('umount', [disk]);
    fs.rmSync(disk, { recursive: true, force: true });
  }
});

test.skipIf(!disk)('a start answers 503 "database disk is full", /api/health says degraded with the reason, both recover', { timeout: 60_000 }, async () => {
  const h = host!;
  expect((await h.start('before')).status).toBe(202);
  await h.waitForStatus('before', 'COMPLETED');
  expect((await h.waitForHealth(200)).body).toEqual({ status: 'ok', database: 'sqlite' });

  const filler = path.join(disk!, 'filler');
  fillDisk(filler);
  try {
    const refused = await h.start('while-full');
    expect({ status: refused.status, errorCode: refused.body?.errorCode, retryAfter: refused.retryAfter }).toEqual({ status: 503, errorCode: 'ERR_DATABASE_UNAVAILABLE', retryAfter: '5' });
    expect(refused.body?.message).toMatch(/^database disk is full/);
    const degraded = await h.waitForHealth(503);
    expect(degraded.body).toMatchObject({ status: 'degraded', database: 'sqlite', reason: 'database disk is full', errorCode: 'ERR_DATABASE_UNAVAILABLE' });
    expect((await h.get('before')).body?.runtimeStatus).toBe('COMPLETED');
    expect((await h.get('while-full')).status).toBe(404);
  } finally {
    fs.rmSync(filler);
  }

  expect((await h.waitForHealth(200)).body).toEqual({ status: 'ok', database: 'sqlite' });
  expect((await h.start('after')).status).toBe(202);
  await h.waitForStatus('after', 'COMPLETED');
  expect((await h.get('while-full')).status).toBe(404);
});
