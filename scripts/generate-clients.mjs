// Generates both Prisma clients (lib/db/generated/{sqlite,postgres}) offline; runs as `postinstall`.
// `prisma generate` does not need the native schema engine, but every Prisma CLI command tries to
// download it unless PRISMA_SCHEMA_ENGINE_BINARY points somewhere (see docs/DATABASE.md).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prisma = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || '/bin/false',
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  PRISMA_GENERATE_NO_HINTS: '1',
};

for (const provider of ['sqlite', 'postgres']) {
  const schema = path.join('prisma', provider, 'schema.prisma');
  const res = spawnSync(process.execPath, [prisma, 'generate', '--schema', schema], { cwd: root, env, encoding: 'utf8' });
  if (res.status !== 0) {
    process.stderr.write(res.stdout + res.stderr);
    console.error(`Error: prisma generate failed for ${schema}`);
    process.exit(1);
  }
  console.log(`Generated Prisma client for ${provider} (lib/db/generated/${provider})`);
}
