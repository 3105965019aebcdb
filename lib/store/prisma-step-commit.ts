// The body of commitWorkflowStep: everything one workflow step writes, inside one transaction.
import { LeaseLostError } from '../engine/errors';
import { isTerminalStatus } from '../engine/runtime-status';
import { childRejectedMessage, type NewInboxMessage, type WorkflowStepCommit } from '../engine/store';
import { activityTaskRow, historyRow, instanceUpdateData } from './prisma-rows';
import { insertInstance, insertMessages, statusOf, type Tx } from './prisma-writes';

/**
 * Writes one step: checks the lease and version (while updating the instance row) and that every consumed
 * message still exists, else throws LeaseLostError so the caller's transaction rolls back writing nothing.
 */
export async function writeStepCommit(tx: Tx, workerId: string, commit: WorkflowStepCommit, now: Date): Promise<void> {
  const { instanceId } = commit;
  const added = commit.newEvents.length;
  const [row] = await tx.workflowInstance.updateManyAndReturn({
    where: { instanceId, lockedBy: workerId, version: commit.expectedVersion },
    data: {
      ...instanceUpdateData(commit.update),
      historyLength: commit.resetHistory ? added : { increment: added },
      version: { increment: 1 },
      lockedBy: null,
      lockExpiresAt: null,
    },
    select: { historyLength: true },
  });
  if (!row) throw new LeaseLostError(`instance '${instanceId}'`);

  const consumed = [...new Set(commit.consumedMessageIds)];
  if (consumed.length) {
    const deleted = await tx.inboxMessage.deleteMany({ where: { id: { in: consumed }, instanceId } });
    if (deleted.count !== consumed.length) throw new LeaseLostError(`instance '${instanceId}' (a consumed message is gone)`);
  }

  if (commit.resetHistory) await tx.historyEvent.deleteMany({ where: { instanceId } });
  const first = row.historyLength - added;
  if (added) await tx.historyEvent.createMany({ data: commit.newEvents.map((event, i) => historyRow(instanceId, first + i, event)) });

  if (commit.discardPendingWork) {
    await tx.inboxMessage.deleteMany({ where: { instanceId } });
    await tx.activityTask.deleteMany({ where: { instanceId } });
  }
  if (commit.activityTasks.length) await tx.activityTask.createMany({ data: commit.activityTasks.map((t) => activityTaskRow(t, now)) });

  const messages: NewInboxMessage[] = [];
  for (const child of commit.children) {
    const status = await statusOf(tx, child.instanceId);
    if (status && !isTerminalStatus(status)) messages.push(childRejectedMessage(child, status));
    else await insertInstance(tx, child, status !== undefined, now);
  }
  messages.push(...commit.messages);
  await insertMessages(tx, messages, new Set([instanceId]), now);
}
