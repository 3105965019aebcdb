// The audit trail's rows are written in the store's group commit (lib/store/sqlite-write-batch.ts,
// postgres-write-batch.ts) instead of one Prisma insert each: every Prisma insert was a transaction of its own
// (on SQLite with its own fsync, run on the event loop), so each mutating call paid a second durable commit
// besides its own write. Grouped, the audit rows of a turn share the COMMIT of the engine's writes of that turn.
import type { WorkflowStore } from '../engine/store';
import { pgTime, statement } from '../store/postgres-connection';
import { PostgresStore } from '../store/postgres-store';
import { sqliteTime } from '../store/sqlite-connection';
import { SqliteStore } from '../store/sqlite-store';
import type { AuditRow } from './audit-entry';

/** Appends one row to AuditEntry. */
export type AppendAuditRow = (row: AuditRow) => Promise<void>;

const COLUMNS = ['id', 'at', 'actorKind', 'actorName', 'actorId', 'address', 'action', 'instanceId', 'target', 'payloadHash', 'payload', 'reason', 'outcome', 'status', 'code', 'details'] as const;

const COLUMN_LIST = COLUMNS.map((column) => `"${column}"`).join(', ');
const SQLITE_INSERT = `INSERT INTO "AuditEntry" (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const PG_INSERT = `INSERT INTO "AuditEntry" (${COLUMN_LIST}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/** The row's values in COLUMNS order, its time as `time` stores it. */
function valuesOf(row: AuditRow, time: (date: Date) => string): unknown[] {
  return COLUMNS.map((column) => (column === 'at' ? time(row.at) : row[column]));
}

/** The append that writes rows in `store`'s group commit (the SQLite or PostgreSQL store); undefined for any other store. */
export function groupedAuditAppend(store: WorkflowStore | undefined): AppendAuditRow | undefined {
  if (store instanceof SqliteStore) {
    return async (row) => {
      await store.groupedWrite((s) => s.get(SQLITE_INSERT).run(...valuesOf(row, sqliteTime)));
    };
  }
  if (store instanceof PostgresStore) {
    return async (row) => {
      await store.groupedWrite((db) => db.query(statement(PG_INSERT, valuesOf(row, pgTime))));
    };
  }
  return undefined;
}
