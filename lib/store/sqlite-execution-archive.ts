// Continue-as-new on SQLite keeps the execution it closes, inside the step's write (lib/engine/recovery-store.ts).
import { archivedHistoryJson, type ExecutionArchive } from '../engine/recovery-store';
import { sqliteTime, type StatementCache } from './sqlite-connection';

/** Keeps the execution a continue-as-new closes (its stored history and closing events), dropping the oldest beyond `keep`. */
export function archiveExecution(s: StatementCache, archive: ExecutionArchive): void {
  const { record } = archive;
  const rows = s.get('SELECT "data" FROM "HistoryEvent" WHERE "instanceId" = ? ORDER BY "sequence"').all(record.instanceId) as { data: string }[];
  s.get(
    `INSERT OR REPLACE INTO "ClosedExecution" ("instanceId", "index", "executionId", "name", "status", "input", "output", "startedAt", "closedAt",
      "historyLength", "history") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    record.instanceId,
    record.index,
    record.executionId,
    record.name,
    record.status,
    record.input ?? null,
    record.output ?? null,
    sqliteTime(record.startedAt),
    sqliteTime(record.closedAt),
    rows.length + archive.closingEvents.length,
    archivedHistoryJson(rows.map((r) => r.data), archive.closingEvents),
  );
  s.get('DELETE FROM "ClosedExecution" WHERE "instanceId" = ? AND "index" <= ?').run(record.instanceId, record.index - archive.keep);
}
