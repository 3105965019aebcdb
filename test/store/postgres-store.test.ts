import { describe } from 'vitest';
import { createPrismaStore } from '@/lib/store/prisma-store';
import { availableDatabases, createTestDatabase } from '../support/databases';
import { testListingAtScale } from './listing-scale';
import { describeStoreContract } from './store-contract';

const hasPostgres = availableDatabases().includes('postgresql');
if (!hasPostgres) console.warn('\n*** PostgreSQL not available (TEST_DATABASE_URL_PG unset): SKIPPING the PostgreSQL store contract tests ***\n');

describe.skipIf(!hasPostgres)('PostgreSQL', () => {
  describeStoreContract('Prisma on PostgreSQL', async () => {
    const db = await createTestDatabase('postgresql');
    const store = createPrismaStore(db.prisma, 'postgresql');
    return { store, dispose: async () => (await store.close(), await db.dispose()) };
  });

  testListingAtScale('postgresql', async () => {
    const db = await createTestDatabase('postgresql');
    return { store: createPrismaStore(db.prisma, 'postgresql'), prisma: db.prisma, dispose: () => db.dispose() };
  });
});
