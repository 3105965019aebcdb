// What a server process does once before serving: today, bring the database schema up to date.
import { resolveDatabaseConfig } from '@/lib/db/config';
import { migrateDatabase } from '@/lib/db/migrate';

const g = globalThis as typeof globalThis & { __flowdeckBoot?: Promise<void> };

/** Runs the server's one-time startup (migrations) once per process; later calls share the first run. */
export function bootServer(): Promise<void> {
  g.__flowdeckBoot ??= (async () => {
    const { url } = resolveDatabaseConfig();
    await migrateDatabase(url);
  })().catch((error: unknown) => {
    g.__flowdeckBoot = undefined; // let a later call retry
    throw error;
  });
  return g.__flowdeckBoot;
}
