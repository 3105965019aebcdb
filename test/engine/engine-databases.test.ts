// The engine's semantic suite on the real databases: SQLite always, PostgreSQL when available.
import { createDatabaseStore } from '@/lib/store/database-store';
import { availableDatabases, createTestDatabase } from '../support/databases';
import { describeEngine } from './engine-suite';

for (const kind of availableDatabases()) {
  describeEngine(kind === 'sqlite' ? 'SQLite' : 'PostgreSQL', async () => {
    const db = await createTestDatabase(kind);
    return { store: createDatabaseStore(db.prisma, kind), dispose: () => db.dispose() };
  });
}
