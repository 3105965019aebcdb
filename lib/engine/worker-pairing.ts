// How a workflow worker and the activity worker of the same process work hand in hand, so that a step's path
// needs one commit, not four transactions (issue 16 item 3): the activity tasks a step schedules are inserted
// already leased to this process and run at once (no claim), and an activity's result goes straight into its
// workflow's next step, committed with the result (no inbox message, no claim of the instance). Both fall back to
// the queue (task claims, inbox messages) whenever the shortcut does not apply; the store's leases and versions
// decide every race, as for claimed work.
import type { ActivityTaskRecord, NewActivityTask, NewInboxMessage } from './store';

/** The activity side: takes tasks a step of this process schedules, without claiming them. */
export interface DirectActivities {
  /** Reserves room to run `task` as soon as its step commits; false when this worker does not serve its name or is full. */
  reserve(task: NewActivityTask): boolean;
  /** Runs tasks reserved for a step that committed (inserted leased to this process's worker ID, with these row IDs). */
  runReserved(tasks: ActivityTaskRecord[]): void;
  /** Gives back `count` reservations of a step that did not commit. */
  release(count: number): void;
}

/** The workflow side: delivers an activity's result, into the next step when it can. */
export interface ResultDelivery {
  /**
   * Completes the task (leased to this process's worker ID) with `result`: within the next step of its instance when
   * this worker can take that step now, else into the instance's inbox. Rejects as EngineStore.completeActivityTask does.
   */
  deliver(taskRowId: number, result: NewInboxMessage): Promise<void>;
}
