import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema } from '@/lib/db/migration-diff';
import { availableDatabases, testPostgresUrl } from '@/test/support/databases';

describe('schema drift', () => {
  it.each(availableDatabases())('%s: committed migrations build exactly the schema', async (kind) => {
    const sql = await diffMigrationsToSchema(kind, testPostgresUrl());
    const folder = kind === 'sqlite' ? 'sqlite' : 'postgres';
    expect(
      sql,
      `prisma/${folder}/schema.prisma and prisma/${folder}/migrations disagree. ` +
        'Run `npm run db:migration -- --name <what_changed>` and commit the result. Missing SQL:\n' + sql,
    ).toBe('');
  });
});
