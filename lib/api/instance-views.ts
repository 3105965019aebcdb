// Instance rows turned into the dashboard's JSON shapes.
import { deserializePayload } from '../engine/payload';
import type { InstanceRecord } from '../engine/store';
import type { InstanceSummary } from './dto';

/** The list-row view of an instance. */
export function toSummary(row: InstanceRecord): InstanceSummary {
  const summary: InstanceSummary = {
    instanceId: row.instanceId,
    workflowName: row.name,
    runtimeStatus: row.status,
    createdAt: row.createdAt.toISOString(),
    lastUpdatedAt: row.lastUpdatedAt.toISOString(),
  };
  if (row.completedAt) {
    summary.completedAt = row.completedAt.toISOString();
    summary.durationMs = row.completedAt.getTime() - row.createdAt.getTime();
  }
  if (row.customStatus !== undefined) summary.customStatus = row.customStatus;
  if (row.parentInstanceId) summary.parentInstanceId = row.parentInstanceId;
  return summary;
}

/** A stored payload parsed back to a value; text that is not JSON (written by an old version) is returned as is. */
export function parsePayload(text: string | undefined): unknown {
  try {
    return deserializePayload(text);
  } catch {
    return text;
  }
}
