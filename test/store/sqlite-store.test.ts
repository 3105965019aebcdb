import { createDatabaseStore } from '@/lib/store/database-store';
import { createTestDatabase } from '../support/databases';
import { testListingAtScale } from './listing-scale';
import { describeStoreContract } from './store-contract';

describeStoreContract('SQLite (better-sqlite3 hot path, Prisma listing)', async () => {
  const db = await createTestDatabase('sqlite');
  const store = createDatabaseStore(db.prisma, 'sqlite');
  return { store, dispose: async () => (await store.close(), await db.dispose()) };
});

testListingAtScale('sqlite', async () => {
  const db = await createTestDatabase('sqlite');
  return { store: createDatabaseStore(db.prisma, 'sqlite'), prisma: db.prisma, dispose: () => db.dispose() };
});
