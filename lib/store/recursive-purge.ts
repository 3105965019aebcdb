// Purge, written once for every store on two small operations each store provides: the children of a set
// of instances, and "delete these instances if every one is still purgeable" in one transaction. The tree
// is read first (without a transaction); the delete checks the statuses again, so an instance that came
// alive in between (an ID reused by a new start) stops the purge and nothing is deleted.
import { InstanceNotFoundError, InvalidInstanceStatusError } from '../engine/errors';
import { isPurgeableStatus, PURGEABLE_STATUSES, type RuntimeStatus } from '../engine/runtime-status';
import type { EngineStore } from '../engine/store';

/** An instance's ID and status: all purge reads of it. */
export interface InstanceStatusRow {
  instanceId: string;
  status: RuntimeStatus;
}

/** What deletePurgeable did: deleted that many instances, or nothing because `blocker` is not purgeable. */
export type PurgeOutcome = { deleted: number } | { blocker: InstanceStatusRow };

/** The store operations recursive purge is written on. */
export interface PurgeOperations extends Pick<EngineStore, 'getInstance'> {
  /** The ID and status of every instance whose parent is one of `parentIds`. */
  childStatuses(parentIds: readonly string[]): Promise<InstanceStatusRow[]>;

  /**
   * In one transaction: when every instance of `instanceIds` that still exists is purgeable, deletes them
   * with their history, inbox, activity tasks and logs and returns how many there were; otherwise deletes
   * nothing and returns the first that is not purgeable.
   */
  deletePurgeable(instanceIds: readonly string[]): Promise<PurgeOutcome>;
}

/**
 * Deletes a purgeable instance and, with `recursive`, its descendants (WorkflowStore.purgeInstance).
 * Throws InstanceNotFoundError, or InvalidInstanceStatusError naming the first instance that is not
 * purgeable (deleting nothing). Returns the number of instances deleted.
 */
export async function purgeInstanceTree(store: PurgeOperations, instanceId: string, recursive: boolean): Promise<number> {
  const root = await store.getInstance(instanceId);
  if (!root) throw new InstanceNotFoundError(instanceId);
  const tree = recursive ? await withDescendants(store, root) : [root];
  const blocker = tree.find((row) => !isPurgeableStatus(row.status));
  if (blocker) throw notPurgeable(blocker);
  const outcome = await store.deletePurgeable(tree.map((row) => row.instanceId));
  if ('blocker' in outcome) throw notPurgeable(outcome.blocker);
  // Deleted meanwhile by another purge.
  if (outcome.deleted === 0) throw new InstanceNotFoundError(instanceId);
  return outcome.deleted;
}

/** The root and its descendants, level by level (each ID once, even if parent links loop through a reused ID). */
async function withDescendants(store: PurgeOperations, root: InstanceStatusRow): Promise<InstanceStatusRow[]> {
  const tree = [root];
  const seen = new Set([root.instanceId]);
  for (let level = [root.instanceId]; level.length; ) {
    const children = (await store.childStatuses(level)).filter((child) => !seen.has(child.instanceId));
    for (const child of children) seen.add(child.instanceId);
    tree.push(...children);
    level = children.map((child) => child.instanceId);
  }
  return tree;
}

function notPurgeable(row: InstanceStatusRow): InvalidInstanceStatusError {
  return new InvalidInstanceStatusError(row.instanceId, 'purge', row.status, PURGEABLE_STATUSES);
}
