// Continue-as-new on PostgreSQL keeps the execution it closes, inside the step's write (lib/engine/recovery-store.ts).
import type { ExecutionArchive } from '../engine/recovery-store';
import { pgTime, statement, type Queryable } from './postgres-connection';

/**
 * Keeps the execution a continue-as-new closes, in one statement: its stored history rows (aggregated in order) and
 * the closing step's events as one JSON array; closed executions beyond the archive's cap are deleted.
 */
export async function archiveExecution(db: Queryable, archive: ExecutionArchive): Promise<void> {
  const { record } = archive;
  const closing = archive.closingEvents.map((e) => JSON.stringify(e));
  await db.query(
    statement(
      `WITH h AS (SELECT "data" AS d, "sequence"::bigint AS n FROM "HistoryEvent" WHERE "instanceId" = $1
           UNION ALL SELECT c.d, 4294967296 + c.i FROM unnest($10::text[]) WITH ORDINALITY AS c(d, i)),
         old AS (DELETE FROM "ClosedExecution" WHERE "instanceId" = $1 AND "index" <= $2::int - $11::int)
       INSERT INTO "ClosedExecution" ("instanceId", "index", "executionId", "name", "status", "input", "output", "startedAt", "closedAt",
         "historyLength", "history")
       SELECT $1::text, $2::int, $3::text, $4::text, $5::text, $6::text, $7::text, $8::timestamp, $9::timestamp, count(*)::int, '[' || coalesce(string_agg(h.d, ',' ORDER BY h.n), '') || ']' FROM h
       ON CONFLICT ("instanceId", "index") DO UPDATE SET "executionId" = EXCLUDED."executionId", "name" = EXCLUDED."name", "status" = EXCLUDED."status",
         "input" = EXCLUDED."input", "output" = EXCLUDED."output", "startedAt" = EXCLUDED."startedAt", "closedAt" = EXCLUDED."closedAt",
         "historyLength" = EXCLUDED."historyLength", "history" = EXCLUDED."history"`,
      [
        record.instanceId,
        record.index,
        record.executionId,
        record.name,
        record.status,
        record.input ?? null,
        record.output ?? null,
        pgTime(record.startedAt),
        pgTime(record.closedAt),
        closing,
        archive.keep,
      ],
    ),
  );
}
