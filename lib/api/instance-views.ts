// Instance rows turned into the dashboard's JSON shapes.
import { deserializePayload } from '../engine/payload';
import type { InstanceSummaryRecord } from '../engine/store';
import type { ApiContext } from './context';
import type { InstanceSummary } from './dto';
import { isWaitingForWorker, type WorkerState } from './remote-waits';

/** The list-row view of an instance; with `workers`, it also says whether the instance waits for an SDK worker. */
export function toSummary(row: InstanceSummaryRecord, workers?: WorkerState): InstanceSummary {
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
  if (workers && isWaitingForWorker(row, workers)) summary.waitingForWorker = true;
  if (row.waiting) summary.waiting = { kind: row.waiting.kind, ...(row.waiting.name !== undefined ? { name: row.waiting.name } : {}), since: row.waiting.since.toISOString() };
  const failure = row.failureSummary ?? (row as { failure?: { errorType: string; message: string } }).failure;
  if (failure) {
    summary.failureType = failure.errorType;
    summary.failureReason = firstLine(failure.message);
  }
  return summary;
}

/** Most characters of a failure's first line a list row carries. */
const FAILURE_REASON_CHARS = 200;

function firstLine(message: string): string {
  const line = message.split(/\r?\n/, 1)[0] ?? '';
  return line.length > FAILURE_REASON_CHARS ? `${line.slice(0, FAILURE_REASON_CHARS - 1)}…` : line;
}

/** What `ctx` knows now about who runs workflows: its registry, and the SDK workers connected to this process. */
export function workerStateOf(ctx: Pick<ApiContext, 'registry' | 'connectedWorkers'>): WorkerState {
  return { registered: (name) => ctx.registry.workflow(name) !== undefined, connectedWorkers: ctx.connectedWorkers?.() ?? 0 };
}

/** A stored payload parsed back to a value; text that is not JSON (written by an old version) is returned as is. */
export function parsePayload(text: string | undefined): unknown {
  try {
    return deserializePayload(text);
  } catch {
    return text;
  }
}
