// Walks an instance's child workflows, grandchildren and so on (for terminate/purge confirmations).
import type { InstanceRecord, WorkflowStore } from '../engine/store';

/** Most descendants walked for one request; deeper families are cut off (counts then say "at least"). */
export const MAX_DESCENDANTS_WALKED = 10_000;

/** Every descendant of the given instances (breadth first), excluding the roots themselves. */
export async function listDescendants(store: WorkflowStore, rootIds: readonly string[]): Promise<InstanceRecord[]> {
  const seen = new Set(rootIds);
  const queue = [...rootIds];
  const found: InstanceRecord[] = [];
  while (queue.length && found.length < MAX_DESCENDANTS_WALKED) {
    const parentInstanceId = queue.shift()!;
    let cursor: string | undefined;
    do {
      const page = await store.listInstances({ parentInstanceId, order: 'asc', cursor, limit: 200 });
      for (const child of page.items) {
        if (seen.has(child.instanceId)) continue;
        seen.add(child.instanceId);
        found.push(child);
        queue.push(child.instanceId);
      }
      cursor = page.nextCursor;
    } while (cursor && found.length < MAX_DESCENDANTS_WALKED);
  }
  return found;
}
