// Recognising database errors that the store handles, whichever way Prisma wraps them (ORM or raw query).

function describe(error: Error): string {
  const meta = (error as { meta?: unknown }).meta;
  return `${error.message} ${(error as { code?: unknown }).code ?? ''} ${meta ? JSON.stringify(meta) : ''}`;
}

/** True for SQLite's transient "database is locked" errors (another process holds the write lock). */
export function isSqliteBusy(error: unknown): boolean {
  return error instanceof Error && /SQLITE_BUSY|database is locked/i.test(describe(error));
}
