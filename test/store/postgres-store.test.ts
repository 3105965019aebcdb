import { describe } from 'vitest';
import { createDatabaseStore } from '@/lib/store/database-store';
import { availableDatabases, createTestDatabase } from '../support/databases';
import { testListingAtScale } from './listing-scale';
import { describeStoreContract } from './store-contract';

const hasPostgres = availableDatabases().includes('postgresql');
if (!hasPostgres) console.warn('\n*** PostgreSQL not available (TEST_DATABASE_URL_PG unset): SKIPPING the PostgreSQL store contract tests ***\n');

describe.skipIf(!hasPostgres)('PostgreSQL', () => {
  describeStoreContract('PostgreSQL (pg hot path, Prisma listing)', async () => {
    const db = await createTestDatabase('postgresql');
    const store = createDatabaseStore(db.prisma, 'postgresql');
    return { store, dispose: async () => (await store.close(), await db.dispose()) };
  });

  testListingAtScale('postgresql', async () => {
    const db = await createTestDatabase('postgresql');
    return { store: createDatabaseStore(db.prisma, 'postgresql'), prisma: db.prisma, dispose: () => db.dispose() };
  });
});
