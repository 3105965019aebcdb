// The instance row a committed step leaves, derived in memory: what a worker that keeps stepping an instance
// (an activity's result straight into the next step) knows of it without reading it back.
import type { InstanceRecord, WorkflowStepCommit } from './store';

/** `instance` (the row the step was computed from) after `commit` was committed: its update applied, version and history length advanced. */
export function instanceAfterStep(instance: InstanceRecord, commit: WorkflowStepCommit): InstanceRecord {
  const u = commit.update;
  const { waiting: _listing, failureSummary: _summary, ...row } = instance;
  // Fields the update clears stay as keys set to undefined: deleting keys would put the object in V8's slow mode.
  return {
    ...row,
    status: u.status,
    executionId: u.executionId ?? instance.executionId,
    input: u.input ?? instance.input,
    output: u.output === undefined ? instance.output : (u.output ?? undefined),
    customStatus: u.customStatus === undefined ? instance.customStatus : (u.customStatus ?? undefined),
    failure: u.failure === undefined ? instance.failure : (u.failure ?? undefined),
    waitingOn: u.waitingOn,
    waitingForEventSince: u.waitingForEventSince ?? undefined,
    lastUpdatedAt: u.lastUpdatedAt,
    completedAt: u.completedAt === undefined ? instance.completedAt : (u.completedAt ?? undefined),
    durationMs: u.durationMs ?? instance.durationMs,
    historyLength: (commit.resetHistory ? 0 : instance.historyLength) + commit.newEvents.length,
    version: instance.version + 1,
  };
}
