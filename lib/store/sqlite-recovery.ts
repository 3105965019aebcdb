// The SQLite store's recovery reads and writes (lib/engine/recovery-store.ts): closed executions (kept by
// sqlite-execution-archive.ts inside a continue-as-new's step) and rerun instances created with their history prefix.
import { InstanceAlreadyExistsError } from '../engine/errors';
import { eventName, eventTaskId, type HistoryEvent, type SequencedHistoryEvent } from '../engine/history-events';
import {
  MAX_RERUNS_LISTED,
  parseArchivedHistory,
  rerunInstanceUpdate,
  type ClosedExecutionRecord,
  type NewRerunInstance,
  type RerunLinkRecord,
  type RerunLinks,
} from '../engine/recovery-store';
import { isTerminalStatus } from '../engine/runtime-status';
import { childRejectedMessage, type NewInboxMessage } from '../engine/store';
import { instanceUpdateColumns } from './instance-update-columns';
import { sqliteTime, type StatementCache } from './sqlite-connection';
import { insertInstance, insertMessages, insertTask, statusOf } from './sqlite-writes';

type ClosedRow = Omit<ClosedExecutionRecord, 'input' | 'output' | 'startedAt' | 'closedAt' | 'status'> & {
  status: 'CONTINUED_AS_NEW';
  input: string | null;
  output: string | null;
  startedAt: string;
  closedAt: string;
};

const CLOSED_COLUMNS = '"instanceId", "index", "executionId", "name", "status", "input", "output", "startedAt", "closedAt", "historyLength"';

/** The instance's kept closed executions, oldest first. */
export function selectClosedExecutions(s: StatementCache, instanceId: string): ClosedExecutionRecord[] {
  const rows = s.get(`SELECT ${CLOSED_COLUMNS} FROM "ClosedExecution" WHERE "instanceId" = ? ORDER BY "index"`).all(instanceId) as ClosedRow[];
  return rows.map((r) => ({
    ...r,
    input: r.input ?? undefined,
    output: r.output ?? undefined,
    startedAt: new Date(r.startedAt),
    closedAt: new Date(r.closedAt),
  }));
}

/** The history of one kept closed execution, or undefined. */
export function selectClosedHistory(s: StatementCache, instanceId: string, executionId: string): SequencedHistoryEvent[] | undefined {
  const row = s.get('SELECT "history" FROM "ClosedExecution" WHERE "instanceId" = ? AND "executionId" = ?').get(instanceId, executionId) as { history: string } | undefined;
  return row ? parseArchivedHistory(row.history) : undefined;
}

/** Creates a rerun instance, its history, re-issued work and link; throws InstanceAlreadyExistsError when the ID is taken. */
export function insertRerun(s: StatementCache, rerun: NewRerunInstance, now: Date): void {
  const { instance } = rerun;
  const existing = statusOf(s, instance.instanceId);
  if (existing) throw new InstanceAlreadyExistsError(instance.instanceId, existing);
  const created = sqliteTime(instance.createdAt);
  s.get(
    `INSERT INTO "WorkflowInstance" ("instanceId", "name", "executionId", "status", "input", "createdAt", "lastUpdatedAt", "historyLength")
     VALUES (?, ?, ?, 'RUNNING', ?, ?, ?, ?)`,
  ).run(instance.instanceId, instance.name, instance.executionId, instance.input ?? null, created, created, rerun.history.length);
  const set = instanceUpdateColumns(rerunInstanceUpdate(rerun), sqliteTime);
  s.get(`UPDATE "WorkflowInstance" SET ${set.map(([c]) => `"${c}" = ?`).join(', ')} WHERE "instanceId" = ?`).run(...set.map(([, v]) => v), instance.instanceId);
  insertHistory(s, instance.instanceId, rerun.history);
  for (const task of rerun.activityTasks) insertTask(s, task, now);
  const messages: NewInboxMessage[] = [];
  for (const child of rerun.children) {
    const status = statusOf(s, child.instanceId);
    if (status && !isTerminalStatus(status)) messages.push(childRejectedMessage(child, status));
    else insertInstance(s, child, status !== undefined, now);
  }
  insertMessages(s, [...rerun.messages, ...messages], new Set([instance.instanceId]), now);
  const { link } = rerun;
  s.get('INSERT INTO "RerunLink" ("instanceId", "sourceInstanceId", "sourceExecutionId", "fromEventId", "createdAt") VALUES (?, ?, ?, ?, ?)').run(
    link.instanceId,
    link.sourceInstanceId,
    link.sourceExecutionId,
    link.fromEventId,
    sqliteTime(link.createdAt),
  );
}

function insertHistory(s: StatementCache, instanceId: string, events: readonly HistoryEvent[]): void {
  const history = s.get('INSERT INTO "HistoryEvent" ("instanceId", "sequence", "eventType", "eventId", "name", "timestamp", "data") VALUES (?, ?, ?, ?, ?, ?, ?)');
  events.forEach((event, sequence) => {
    history.run(instanceId, sequence, event.kind, eventTaskId(event), eventName(event) ?? null, sqliteTime(new Date(event.timestamp)), JSON.stringify(event));
  });
}

type LinkRow = Omit<RerunLinkRecord, 'createdAt'> & { createdAt: string };

/** Where the instance was rerun from, and its reruns (oldest first, at most MAX_RERUNS_LISTED). */
export function selectRerunLinks(s: StatementCache, instanceId: string): RerunLinks {
  const columns = '"instanceId", "sourceInstanceId", "sourceExecutionId", "fromEventId", "createdAt"';
  const source = s.get(`SELECT ${columns} FROM "RerunLink" WHERE "instanceId" = ?`).get(instanceId) as LinkRow | undefined;
  const reruns = s
    .get(`SELECT ${columns} FROM "RerunLink" WHERE "sourceInstanceId" = ? ORDER BY "createdAt", "instanceId" LIMIT ?`)
    .all(instanceId, MAX_RERUNS_LISTED) as LinkRow[];
  const record = (r: LinkRow): RerunLinkRecord => ({ ...r, createdAt: new Date(r.createdAt) });
  return { ...(source ? { source: record(source) } : {}), reruns: reruns.map(record) };
}
