// The seam between the activity worker and whoever runs activity code: this process, or a remote SDK worker.
import type { WorkflowActivityContext } from './authoring';
import { UnknownWorkflowError } from './errors';
import { toFailureDetails } from './failure-details';
import { taskCompleted, taskFailed } from './history-builders';
import type { TaskCompletedEvent, TaskFailedEvent } from './history-events';
import { deserializePayload, serializePayload } from './payload';
import type { Registry } from './registry';
import type { ActivityTaskRecord, NameFilter, WorkflowStore } from './store';

/** An activity attempt's outcome, as the event delivered to its workflow. */
export type ActivityResult = TaskCompletedEvent | TaskFailedEvent;

/** Runs activity attempts. */
export interface ActivityRunner {
  /** Which activity names this runner serves (its worker claims only those). */
  names(): NameFilter;
  /** How many attempts it can take in flight now (default: the engine's maxConcurrentActivityInvocations). */
  maxInFlight?(): number;
  /** Runs one attempt; an activity that throws is a TaskFailed result; a rejection means it was not run (it runs again). */
  run(task: ActivityTaskRecord): Promise<ActivityResult>;
}

/** Runs the activities registered in this process, with a context whose log lines go to the store. */
export class InProcessActivityRunner implements ActivityRunner {
  constructor(
    private readonly registry: Registry,
    private readonly store: Pick<WorkflowStore, 'appendActivityLog'>,
    private readonly maxPayloadBytes: number,
  ) {}

  names(): NameFilter {
    return { only: this.registry.activityNames() };
  }

  async run(task: ActivityTaskRecord): Promise<ActivityResult> {
    // A log line the store could not write (a database fault) is no failure of the activity: the attempt is
    // given back to run again (at least once), rather than recorded as TaskFailed.
    const logging: { failure?: unknown } = {};
    let result: ActivityResult;
    try {
      const fn = this.registry.activity(task.name);
      if (!fn) throw new UnknownWorkflowError('activity', task.name);
      const output = await fn(this.contextFor(task, logging), deserializePayload(task.input));
      result = taskCompleted(new Date(), task.taskId, serializePayload(output, `result of activity '${task.name}'`, this.maxPayloadBytes));
    } catch (error) {
      result = taskFailed(new Date(), task.taskId, toFailureDetails(error));
    }
    if (logging.failure !== undefined) throw logging.failure;
    return result;
  }

  private contextFor(task: ActivityTaskRecord, logging: { failure?: unknown }): WorkflowActivityContext {
    return {
      getWorkflowInstanceId: () => task.instanceId,
      getWorkflowActivityId: () => task.taskId,
      getAttempt: () => task.attempt,
      log: (message: string) =>
        this.store.appendActivityLog(task.instanceId, task.taskId, String(message), new Date()).catch((error: unknown) => {
          logging.failure ??= error;
          throw error;
        }),
    };
  }
}
