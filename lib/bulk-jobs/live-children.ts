// Which instances have a live child: a purge deletes an instance with its descendants and is refused while one of
// them is live, so a bulk purge's dry run reports these as would-skip. One indexed query per 500 parents.
import type { DbClient } from '../db/client';
import { TERMINAL_STATUSES } from '../engine/runtime-status';

/** Parents read per query (well under SQLite's bound-parameter limit). */
const CHUNK = 500;

/** Those of `parentIds` with at least one direct child that is not terminal, in the order given. */
export async function withLiveChildren(prisma: DbClient, parentIds: readonly string[]): Promise<string[]> {
  const blocked = new Set<string>();
  for (let at = 0; at < parentIds.length; at += CHUNK) {
    const rows = await prisma.workflowInstance.findMany({
      where: { parentInstanceId: { in: parentIds.slice(at, at + CHUNK) }, status: { notIn: [...TERMINAL_STATUSES] } },
      select: { parentInstanceId: true },
      distinct: ['parentInstanceId'],
    });
    for (const row of rows) if (row.parentInstanceId) blocked.add(row.parentInstanceId);
  }
  return parentIds.filter((id) => blocked.has(id));
}
