// Writes shared by several store operations, run inside the caller's transaction.
import type { Prisma } from '../db/generated/sqlite/client';
import type { RuntimeStatus } from '../engine/runtime-status';
import type { NewInboxMessage, NewInstance } from '../engine/store';
import { inboxRow, newInstanceRow } from './prisma-rows';

/** A Prisma client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

/** Deletes instances with their history, inbox, activity tasks and logs. */
export async function deleteInstanceData(tx: Tx, instanceIds: string[]): Promise<void> {
  if (instanceIds.length === 0) return;
  const where = { instanceId: { in: instanceIds } };
  await tx.historyEvent.deleteMany({ where });
  await tx.inboxMessage.deleteMany({ where });
  await tx.activityTask.deleteMany({ where });
  await tx.activityLog.deleteMany({ where });
  await tx.workflowInstance.deleteMany({ where });
}

/** The status of the instance with `instanceId`, if there is one. */
export async function statusOf(tx: Tx, instanceId: string): Promise<RuntimeStatus | undefined> {
  const row = await tx.workflowInstance.findUnique({ where: { instanceId }, select: { status: true } });
  return row?.status as RuntimeStatus | undefined;
}

/** Creates the instance and its start message; with `replacing`, first deletes the (terminal) instance with that ID. */
export async function insertInstance(tx: Tx, instance: NewInstance, replacing: boolean, now: Date): Promise<void> {
  if (replacing) await deleteInstanceData(tx, [instance.instanceId]);
  await tx.workflowInstance.createMany({ data: [newInstanceRow(instance)] });
  await tx.inboxMessage.createMany({ data: [inboxRow(instance.startMessage, now)] });
}

/** Inserts the messages whose target instance exists (or is in `known`); the others are dropped. */
export async function insertMessages(tx: Tx, messages: NewInboxMessage[], known: ReadonlySet<string>, now: Date): Promise<void> {
  if (messages.length === 0) return;
  const unknown = [...new Set(messages.map((m) => m.instanceId).filter((id) => !known.has(id)))];
  const found = unknown.length
    ? await tx.workflowInstance.findMany({ where: { instanceId: { in: unknown } }, select: { instanceId: true } })
    : [];
  const exists = new Set([...known, ...found.map((r) => r.instanceId)]);
  const rows = messages.filter((m) => exists.has(m.instanceId)).map((m) => inboxRow(m, now));
  if (rows.length) await tx.inboxMessage.createMany({ data: rows });
}
