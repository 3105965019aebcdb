import fs from 'node:fs';
import path from 'node:path';

/** The two databases Flowdeck runs on. */
export type Dialect = 'sqlite' | 'postgresql';

/** Where the app's data lives, as resolved from DATABASE_URL. */
export interface DatabaseConfig {
  dialect: Dialect;
  url: string;
}

/** The SQLite database used when DATABASE_URL is not set (relative to the working directory). */
export const DEFAULT_DATABASE_URL = 'file:./data/flowdeck.db';

/** A configuration problem with a one-line, user-facing message (no stack trace needed). */
export class DatabaseConfigError extends Error {
  override readonly name = 'DatabaseConfigError';
}

/** True when `error` is a DatabaseConfigError. */
export function isDatabaseConfigError(error: unknown): error is DatabaseConfigError {
  return error instanceof Error && error.name === 'DatabaseConfigError';
}

/** Which dialect a database URL speaks; throws DatabaseConfigError for anything unsupported. */
export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  if (url.startsWith('file:')) return 'sqlite';
  throw new DatabaseConfigError(
    `Unsupported DATABASE_URL "${redactUrl(url)}": use file:./path/to/db.sqlite (SQLite) or postgresql://user:pass@host:5432/db`,
  );
}

/** Resolves DATABASE_URL (or the default SQLite file) to a dialect and URL. */
export function resolveDatabaseConfig(databaseUrl: string | undefined = process.env.DATABASE_URL): DatabaseConfig {
  const url = databaseUrl?.trim() || DEFAULT_DATABASE_URL;
  return { dialect: dialectOf(url), url };
}

/** The absolute file path of a `file:` SQLite URL (relative paths resolve against the working directory). */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith('file:')) throw new DatabaseConfigError(`Not a SQLite file URL: ${url}`);
  let file = url.slice('file:'.length);
  const query = file.indexOf('?');
  if (query >= 0) file = file.slice(0, query);
  if (file.startsWith('//')) file = file.slice(2); // file:///abs/path
  if (!file) throw new DatabaseConfigError(`SQLite DATABASE_URL "${url}" names no file`);
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), file);
}

/** mkdir -p without Node's recursive mkdir, which spins forever on some paths (e.g. under /proc). */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!fs.existsSync(/* turbopackIgnore: true */ current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing) fs.mkdirSync(/* turbopackIgnore: true */ d);
}

/** Creates the SQLite file's directory if needed and checks it is writable; throws DatabaseConfigError otherwise. */
export function ensureSqliteDirectory(url: string): string {
  const file = sqliteFilePath(url);
  const dir = path.dirname(file);
  try {
    makeDirectories(dir);
    if (!fs.statSync(/* turbopackIgnore: true */ dir).isDirectory()) {
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    }
    const probe = path.join(dir, `.write-probe-${process.pid}`);
    fs.writeFileSync(/* turbopackIgnore: true */ probe, '');
    fs.unlinkSync(/* turbopackIgnore: true */ probe);
    if (fs.existsSync(/* turbopackIgnore: true */ file)) fs.accessSync(file, fs.constants.W_OK | fs.constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const problem = code === 'ENOTDIR' || code === 'EEXIST' ? 'is not a directory' : 'is not writable';
    throw new DatabaseConfigError(`Data directory ${dir} ${problem} (${code}): fix it or point DATABASE_URL elsewhere`);
  }
  return file;
}

/** The URL with any password replaced by `***`, safe to print. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
