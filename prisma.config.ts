// Prisma CLI configuration. The app itself picks the schema/client by DATABASE_URL (lib/db/config.ts);
// this file serves `prisma generate` and `prisma studio` for the SQLite default.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: process.env.PRISMA_SCHEMA ?? 'prisma/sqlite/schema.prisma',
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/flowdeck.db' },
});
