// npm run db:migrate: applies pending migrations to DATABASE_URL (default: the SQLite file under ./data).
// Prints one line; on a configuration problem prints one clear line and exits 1 (no stack trace).
import { isDatabaseConfigError, redactUrl, resolveDatabaseConfig } from '../lib/db/config';
import { migrateDatabase } from '../lib/db/migrate';

async function main(): Promise<void> {
  const { dialect, url } = resolveDatabaseConfig();
  const applied = await migrateDatabase(url);
  const where = `${dialect} ${redactUrl(url)}`;
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `Database is up to date (${where})`);
}

main().catch((error: unknown) => {
  const message = isDatabaseConfigError(error) ? error.message : `Migration failed: ${(error as Error)?.message ?? error}`;
  console.error(`Error: ${message.split('\n')[0]}`);
  process.exit(1);
});
