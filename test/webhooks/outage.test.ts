// The dispatcher while its database cannot be reached: no crash, the outage is logged once (the engine's shared
// database-outage-began line), and it stops promptly while backing off.
import { expect, test } from 'vitest';
import { createPrismaClient } from '@/lib/db/client';
import { createEngineLog } from '@/lib/engine/logs';
import { startDispatcher, testSettings } from './fixtures';

test('with the database down the dispatcher backs off, logs the outage once and stops cleanly', async () => {
  // Nothing listens on port 1: every claim fails as it does while PostgreSQL is down.
  const prisma = createPrismaClient('postgresql://flowdeck:x@127.0.0.1:1/none?connect_timeout=1');
  const lines: string[] = [];
  const log = createEngineLog({ format: 'text', level: 'info', sink: (_level, line) => lines.push(line) });
  const dispatcher = startDispatcher(prisma, testSettings(), 'outage-worker', log);
  await expect.poll(() => lines.filter((line) => line.includes('FD1201')).length, { timeout: 10_000 }).toBe(1);
  await expect.poll(() => lines.some((line) => line.includes('claiming webhook deliveries failed'))).toBe(true);
  await dispatcher.stop();
  await prisma.$disconnect();
  expect(lines.filter((line) => line.includes('FD1201'))).toHaveLength(1);
});
