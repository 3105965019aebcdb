// Next.js loads server modules twice in one process (instrumentation and route handlers): a Prisma client made
// by one copy is used by code of the other, which must still know its URL and share its SQLite gate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-copies-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a Prisma client used across module copies', () => {
  it('keeps its URL and its SQLite gate when the modules are loaded a second time', async () => {
    const url = `file:${path.join(dir, 'copies.db')}`;
    const firstClient = await import('@/lib/db/client');
    const firstGate = await import('@/lib/store/sqlite-gate');
    const prisma = firstClient.createPrismaClient(url);
    try {
      const gate = firstGate.sqliteGateFor(prisma);
      vi.resetModules();
      const secondClient = await import('@/lib/db/client');
      const secondGate = await import('@/lib/store/sqlite-gate');
      expect(secondClient).not.toBe(firstClient);
      expect(secondClient.databaseUrlOf(prisma)).toBe(url);
      expect(secondGate.sqliteGateFor(prisma)).toBe(gate);
    } finally {
      await prisma.$disconnect();
    }
  });
});
