// What PostgreSQL really answers while it ends sessions or shuts down, through `pg`, Prisma and the PostgreSQL
// store, mapped by the API: each a 503 ERR_DATABASE_UNAVAILABLE (gRPC UNAVAILABLE) with Retry-After and a
// message naming the cause, never a 500. On a server of the test's own (a smart shutdown stops it).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mapError, mapErrorToGrpc } from '@/lib/api/errors';
import { GRPC_STATUS } from '@/lib/api/error-codes';
import { createPrismaClient } from '@/lib/db/client';
import { pgConnectionConfig } from '@/lib/db/schema-engine-adapter';
import { createDatabaseStore } from '@/lib/store/database-store';
import { canRunThrowawayPostgres, startFaultyPostgres, type FaultyPostgres } from './support/throwaway-postgres';

const silent = () => undefined;

/** The error `operation` rejects with (fails the test when it succeeds). */
async function failureOf(operation: () => Promise<unknown>): Promise<unknown> {
  return operation().then(
    () => expect.fail('expected the operation to fail'),
    (error: unknown) => error,
  );
}

/** What a client is told about `error`: HTTP status, code, message, Retry-After, and the gRPC status. */
function answerTo(error: unknown) {
  const http = mapError(error, 'start', silent);
  return { status: http.status, errorCode: http.body.errorCode, message: http.body.message, retryAfter: http.headers['Retry-After'], grpc: mapErrorToGrpc(error, 'start', silent).code };
}

const unavailable = (message: RegExp) => ({ status: 503, errorCode: 'ERR_DATABASE_UNAVAILABLE', message: expect.stringMatching(message), retryAfter: '5', grpc: GRPC_STATUS.UNAVAILABLE });

const runnable = canRunThrowawayPostgres();

describe.skipIf(!runnable)('PostgreSQL ending sessions and shutting down: 503s that say why', () => {
  let server: FaultyPostgres;
  beforeAll(async () => {
    server = await startFaultyPostgres();
  });
  afterAll(() => server?.stop());

  test('a terminated session (57P01) is "shutting down or restarting"; a client whose connection failed is "unreachable"', async () => {
    const victim = new pg.Client(pgConnectionConfig(server.url));
    victim.on('error', () => undefined);
    await victim.connect();
    try {
      const pending = failureOf(() => victim.query('SELECT pg_sleep(10)'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await server.terminateBackends()).toBeGreaterThan(0);
      const terminated = await pending;
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(answerTo(terminated)).toEqual(unavailable(/^database is shutting down or restarting; try again shortly$/));
      // The client's next queries fail with "Connection terminated unexpectedly" until it has seen its socket end,
      // then with "Client has encountered a connection error and is not queryable".
      const seen: string[] = [];
      while (!seen.some((m) => /is not queryable/.test(m))) {
        const lost = await failureOf(() => victim.query('SELECT 1'));
        seen.push((lost as Error).message);
        expect(answerTo(lost)).toEqual(unavailable(/^database is unreachable; try again shortly$/));
        if (seen.length > 50) expect.fail(`no "not queryable" error after ${seen.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await victim.end().catch(() => undefined);
    }
  });

  test('a server shutting down (57P03), through pg, Prisma and the store, is "shutting down"; once stopped, "unreachable"', { timeout: 60_000 }, async () => {
    const holder = new pg.Client(pgConnectionConfig(server.url)); // keeps the smart shutdown waiting
    holder.on('error', () => undefined);
    await holder.connect();
    const prisma = createPrismaClient(server.url);
    const store = createDatabaseStore(prisma, 'postgresql');
    try {
      await server.beginSmartShutdown();
      let refused: unknown;
      for (let attempt = 0; attempt < 100 && (refused as { code?: string } | undefined)?.code !== '57P03'; attempt++) {
        const client = new pg.Client(pgConnectionConfig(server.url));
        refused = await client.connect().then(
          () => client.end(),
          (error: unknown) => error,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((refused as Error).message).toMatch(/the database system is shutting down/);
      const shuttingDown = unavailable(/^database is shutting down or restarting; try again shortly$/);
      expect(answerTo(refused)).toEqual(shuttingDown);
      expect(answerTo(await failureOf(() => prisma.workflowInstance.count()))).toEqual(shuttingDown);
      expect(answerTo(await failureOf(() => store.getInstance('a1')))).toEqual(shuttingDown);

      await holder.end(); // the last session ends: the server stops
      const unreachable = unavailable(/^database is unreachable; try again shortly$/);
      let stopped: unknown;
      for (let attempt = 0; attempt < 100 && (stopped as { code?: string } | undefined)?.code !== 'ECONNREFUSED'; attempt++) {
        stopped = await failureOf(() => store.getInstance('a1'));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((stopped as { code?: string }).code).toBe('ECONNREFUSED');
      expect(answerTo(stopped)).toEqual(unreachable);
    } finally {
      await holder.end().catch(() => undefined);
      await store.close();
      await prisma.$disconnect();
    }
  });
});
