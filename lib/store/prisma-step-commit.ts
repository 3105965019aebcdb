// The body of commitWorkflowStep: everything one workflow step writes, inside one transaction.
import { LeaseLostError } from '../engine/errors';
import { isTerminalStatus } from '../engine/runtime-status';
import { childRejectedMessage, type NewInboxMessage, type WorkflowStepCommit } from '../engine/store';
import { HISTORY_COLUMNS, historyValues, instanceUpdateSets, TASK_COLUMNS, taskValues } from './prisma-rows';
import { insertInstance, insertMessages, statusOf } from './prisma-writes';
import { insertRows, join, sql, type SqlRunner } from './sql';

/**
 * Writes one step: checks the lease and version (while updating the instance row) and that every consumed
 * message still exists, else throws LeaseLostError so the caller's transaction rolls back writing nothing.
 */
export async function writeStepCommit(db: SqlRunner, workerId: string, commit: WorkflowStepCommit, now: Date): Promise<void> {
  const { instanceId } = commit;
  const added = commit.newEvents.length;
  const historyLength = commit.resetHistory ? sql`${added}` : sql`"historyLength" + ${added}`;
  const [row] = await db.$queryRaw<{ historyLength: number | bigint }[]>(sql`
    UPDATE "WorkflowInstance"
    SET ${join(instanceUpdateSets(commit.update))}, "historyLength" = ${historyLength}, "version" = "version" + 1,
      "lockedBy" = NULL, "lockExpiresAt" = NULL
    WHERE "instanceId" = ${instanceId} AND "lockedBy" = ${workerId} AND "version" = ${commit.expectedVersion}
    RETURNING "historyLength"`);
  if (!row) throw new LeaseLostError(`instance '${instanceId}'`);

  const consumed = [...new Set(commit.consumedMessageIds)];
  if (consumed.length) {
    const deleted = await db.$executeRaw(sql`DELETE FROM "InboxMessage" WHERE "instanceId" = ${instanceId} AND "id" IN (${join(consumed)})`);
    if (deleted !== consumed.length) throw new LeaseLostError(`instance '${instanceId}' (a consumed message is gone)`);
  }

  if (commit.resetHistory) {
    // Continue-as-new numbers tasks from 0 again: the old run's log lines would attach to the new run's tasks.
    await db.$executeRaw(sql`DELETE FROM "HistoryEvent" WHERE "instanceId" = ${instanceId}`);
    await db.$executeRaw(sql`DELETE FROM "ActivityLog" WHERE "instanceId" = ${instanceId}`);
  }
  const first = Number(row.historyLength) - added;
  await insertRows(db, 'HistoryEvent', HISTORY_COLUMNS, commit.newEvents.map((event, i) => historyValues(instanceId, first + i, event)));

  if (commit.discardPendingWork) {
    await db.$executeRaw(sql`DELETE FROM "InboxMessage" WHERE "instanceId" = ${instanceId}`);
    await db.$executeRaw(sql`DELETE FROM "ActivityTask" WHERE "instanceId" = ${instanceId}`);
  }
  await insertRows(db, 'ActivityTask', TASK_COLUMNS, commit.activityTasks.map((task) => taskValues(task, now)));

  const messages: NewInboxMessage[] = [];
  for (const child of commit.children) {
    const status = await statusOf(db, child.instanceId);
    if (status && !isTerminalStatus(status)) messages.push(childRejectedMessage(child, status));
    else await insertInstance(db, child, status !== undefined, now);
  }
  messages.push(...commit.messages);
  await insertMessages(db, messages, new Set([instanceId]), now);
}
