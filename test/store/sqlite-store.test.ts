import { createPrismaStore } from '@/lib/store/prisma-store';
import { createTestDatabase } from '../support/databases';
import { testListingAtScale } from './listing-scale';
import { describeStoreContract } from './store-contract';

describeStoreContract('Prisma on SQLite', async () => {
  const db = await createTestDatabase('sqlite');
  const store = createPrismaStore(db.prisma, 'sqlite');
  return { store, dispose: async () => (await store.close(), await db.dispose()) };
});

testListingAtScale('sqlite', async () => {
  const db = await createTestDatabase('sqlite');
  return { store: createPrismaStore(db.prisma, 'sqlite'), prisma: db.prisma, dispose: () => db.dispose() };
});
