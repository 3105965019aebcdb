import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DATABASE_URL,
  ensureSqliteDirectory,
  isDatabaseConfigError,
  redactUrl,
  resolveDatabaseConfig,
  sqliteFilePath,
} from '@/lib/db/config';

describe('resolveDatabaseConfig', () => {
  it('defaults to the SQLite file under ./data', () => {
    expect(resolveDatabaseConfig(undefined)).toEqual({ dialect: 'sqlite', url: DEFAULT_DATABASE_URL });
    expect(resolveDatabaseConfig('  ')).toEqual({ dialect: 'sqlite', url: DEFAULT_DATABASE_URL });
    expect(sqliteFilePath(DEFAULT_DATABASE_URL)).toBe(path.join(process.cwd(), 'data', 'flowdeck.db'));
  });

  it('recognises PostgreSQL URLs', () => {
    expect(resolveDatabaseConfig('postgres://u:p@h:5432/db').dialect).toBe('postgresql');
    expect(resolveDatabaseConfig('postgresql://h/db').dialect).toBe('postgresql');
  });

  it('rejects anything else with a one-line DatabaseConfigError that hides the password', () => {
    let caught: unknown;
    try {
      resolveDatabaseConfig('mysql://root:secret@localhost/db');
    } catch (error) {
      caught = error;
    }
    expect(isDatabaseConfigError(caught)).toBe(true);
    expect((caught as Error).message).not.toContain('secret');
    expect((caught as Error).message).not.toContain('\n');
  });

  it('resolves absolute and relative file URLs', () => {
    expect(sqliteFilePath('file:/tmp/x.db')).toBe('/tmp/x.db');
    expect(sqliteFilePath('file:///tmp/x.db?mode=rwc')).toBe('/tmp/x.db');
    expect(sqliteFilePath('file:rel/x.db')).toBe(path.join(process.cwd(), 'rel/x.db'));
    expect(redactUrl('postgresql://me:pw@h/db')).toBe('postgresql://me:***@h/db');
  });
});

describe('ensureSqliteDirectory', () => {
  it('creates the directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-cfg-'));
    const file = ensureSqliteDirectory(`file:${dir}/nested/deeper/x.db`);
    expect(fs.statSync(path.dirname(file)).isDirectory()).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails with a one-line error when the directory cannot be created', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-cfg-'));
    fs.writeFileSync(path.join(dir, 'afile'), '');
    expect(() => ensureSqliteDirectory(`file:${dir}/afile/x.db`)).toThrow(/not a directory|not writable/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
