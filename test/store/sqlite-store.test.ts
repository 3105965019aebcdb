import { createPrismaStore } from '@/lib/store/prisma-store';
import { createTestDatabase } from '../support/databases';
import { describeStoreContract } from './store-contract';

describeStoreContract('Prisma on SQLite', async () => {
  const db = await createTestDatabase('sqlite');
  const store = createPrismaStore(db.prisma, 'sqlite');
  return { store, dispose: async () => (await store.close(), await db.dispose()) };
});
