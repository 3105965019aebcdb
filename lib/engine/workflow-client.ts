import { randomUUID } from 'node:crypto';
import type { Workflow } from './authoring';
import { InstanceNotFoundError, UnknownWorkflowError } from './errors';
import type { FailureDetails } from './failure-details';
import { eventRaised, executionResumed, executionStarted, executionSuspended, executionTerminated } from './history-builders';
import type { ActionBy } from './history-builders';
import type { EventActor, HistoryEvent } from './history-events';
import { validateInstanceId } from './instance-id';
import { validateName } from './limits';
import { serializePayload } from './payload';
import type { Registry } from './registry';
import { isTerminalStatus, OPERATION_STATUSES, type RuntimeStatus } from './runtime-status';
import type { InstanceRecord, WorkflowStore } from './store';
import type { TraceContext } from './trace-context';
import type { WorkNotifier } from './work-notifier';

/** Whether an unregistered workflow name may be started: 'accepted', 'refused', or a refusal's reason. */
export type UnregisteredNamePolicy = (name: string) => Promise<'accepted' | 'refused' | string> | 'accepted' | 'refused' | string;

/** A workflow instance's state as the Dapr client reports it. */
export interface WorkflowState {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  createdAt: Date;
  lastUpdatedAt: Date;
  serializedInput?: string;
  serializedOutput?: string;
  workflowFailureDetails?: FailureDetails;
  customStatus?: string;
}

/** What a client needs: the store, the registry (to refuse unknown workflow names), wake-ups and the payload limit. */
export interface ClientDependencies {
  store: WorkflowStore;
  registry?: Registry;
  /** Whether a name the registry lacks may be started anyway (a remote worker runs it); default no. */
  acceptsUnregistered?: UnregisteredNamePolicy;
  notifier?: WorkNotifier;
  maxPayloadBytes: number;
}


/** Starts and manages workflow instances (the DaprWorkflowClient's methods). */
export class WorkflowClient {
  constructor(private readonly deps: ClientDependencies) {}

  /**
   * Schedules a new instance and returns its ID (a UUID when none is given); startAt keeps it PENDING until then;
   * `trace` (a caller's W3C trace context, see trace-context.ts) is kept with it so its spans continue that trace.
   * `actor` (who started it) goes on its ExecutionStarted event. Throws InvalidNameError for a name no workflow may
   * have (lib/engine/limits.ts).
   */
  async scheduleNewWorkflow(workflow: Workflow | string, input?: unknown, instanceId?: string, startAt?: Date, trace?: TraceContext, actor?: EventActor): Promise<string> {
    const name = typeof workflow === 'string' ? workflow : workflow.name;
    validateName('workflow', name);
    if (this.deps.registry && !this.deps.registry.workflow(name)) {
      const refusal = this.deps.acceptsUnregistered ? await this.deps.acceptsUnregistered(name) : 'refused';
      if (refusal !== 'accepted') throw new UnknownWorkflowError('workflow', name, refusal === 'refused' ? undefined : refusal);
    }
    const id = instanceId || randomUUID();
    validateInstanceId(id);
    const serialized = serializePayload(input, 'workflow input', this.deps.maxPayloadBytes);
    const now = new Date();
    const executionId = randomUUID();
    const visibleAt = startAt && startAt > now ? startAt : now;
    await this.deps.store.createInstance({
      instanceId: id,
      name,
      executionId,
      input: serialized,
      createdAt: now,
      scheduledStartAt: startAt,
      ...(trace && { trace }),
      startMessage: {
        instanceId: id,
        visibleAt,
        event: executionStarted(now, { name, instanceId: id, executionId, input: serialized, scheduledStartAt: startAt?.toISOString(), ...(actor && { actor: { kind: actor.kind, name: actor.name } }) }),
      },
    });
    this.deps.notifier?.workflowWork();
    return id;
  }

  /** The instance's state, or undefined when it does not exist; payloads only when asked for. */
  async getWorkflowState(instanceId: string, getInputsAndOutputs = true): Promise<WorkflowState | undefined> {
    const row = await this.deps.store.getInstance(instanceId);
    return row ? toState(row, getInputsAndOutputs) : undefined;
  }

  /** Waits until the instance has started (left PENDING); throws on timeout. */
  async waitForWorkflowStart(instanceId: string, fetchPayloads = true, timeoutInSeconds = 60): Promise<WorkflowState | undefined> {
    return this.waitFor(instanceId, fetchPayloads, timeoutInSeconds, (s) => s !== 'PENDING');
  }

  /** Waits until the instance is COMPLETED, FAILED or TERMINATED; throws on timeout. */
  async waitForWorkflowCompletion(instanceId: string, fetchPayloads = true, timeoutInSeconds = 60): Promise<WorkflowState | undefined> {
    return this.waitFor(instanceId, fetchPayloads, timeoutInSeconds, isTerminalStatus);
  }

  /**
   * Delivers an external event to a live instance. Throws InvalidNameError for a name no event may have, and
   * InstanceLimitError when the instance has reached its history or event limit (lib/engine/limits.ts). `actor`
   * (who raised it) goes on the EventRaised event.
   */
  async raiseEvent(instanceId: string, eventName: string, eventPayload?: unknown, actor?: EventActor): Promise<void> {
    validateName('event', eventName);
    const input = serializePayload(eventPayload, `payload of event '${eventName}'`, this.deps.maxPayloadBytes);
    await this.send(instanceId, 'raise an event on', OPERATION_STATUSES.raiseEvent, eventRaised(new Date(), eventName, input, actor));
  }

  /**
   * Terminates a live instance and (unless `recursive` is false) the child workflows it started, recursively; `by`
   * (who and why) goes on the ExecutionTerminated event.
   */
  async terminateWorkflow(instanceId: string, output?: unknown, recursive = true, by?: ActionBy): Promise<void> {
    const serialized = serializePayload(output, 'termination output', this.deps.maxPayloadBytes);
    await this.send(instanceId, 'terminate', OPERATION_STATUSES.terminate, executionTerminated(new Date(), serialized, recursive, by));
  }

  /** Pauses a running instance: it takes no steps until resumed (events are kept); InstanceLimitError at the history limit. */
  async suspendWorkflow(instanceId: string, reason?: string, actor?: EventActor): Promise<void> {
    await this.send(instanceId, 'pause', OPERATION_STATUSES.pause, executionSuspended(new Date(), reason, actor));
  }

  /** Resumes a paused instance (`actor`: who, on the ExecutionResumed event). */
  async resumeWorkflow(instanceId: string, reason?: string, actor?: EventActor): Promise<void> {
    await this.send(instanceId, 'resume', OPERATION_STATUSES.resume, executionResumed(new Date(), reason, actor));
  }

  /** Deletes a terminal instance's state and history, and its children's; returns how many instances went. */
  async purgeWorkflow(instanceId: string): Promise<number> {
    return this.deps.store.purgeInstance(instanceId, true);
  }

  private async send(instanceId: string, operation: string, allowed: readonly RuntimeStatus[], event: HistoryEvent): Promise<void> {
    await this.deps.store.sendMessage({ instanceId, visibleAt: new Date(), event }, operation, allowed);
    this.deps.notifier?.workflowWork();
  }

  private async waitFor(
    instanceId: string,
    fetchPayloads: boolean,
    timeoutInSeconds: number,
    done: (status: RuntimeStatus) => boolean,
  ): Promise<WorkflowState | undefined> {
    const deadline = Date.now() + timeoutInSeconds * 1000;
    let wake: (() => void) | undefined;
    const unsubscribe = this.deps.notifier?.onInstance(instanceId, () => wake?.());
    try {
      for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
        const state = await this.getWorkflowState(instanceId, fetchPayloads);
        if (!state) throw new InstanceNotFoundError(instanceId);
        if (done(state.runtimeStatus)) return state;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`timed out after ${timeoutInSeconds}s waiting for instance '${instanceId}' (it is ${state.runtimeStatus})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(delay, remaining));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      unsubscribe?.();
    }
  }
}

/** Converts a stored instance row into the client's WorkflowState. */
export function toState(row: InstanceRecord, withPayloads: boolean): WorkflowState {
  return {
    name: row.name,
    instanceId: row.instanceId,
    runtimeStatus: row.status,
    createdAt: row.createdAt,
    lastUpdatedAt: row.lastUpdatedAt,
    serializedInput: withPayloads ? row.input : undefined,
    serializedOutput: withPayloads ? row.output : undefined,
    workflowFailureDetails: row.failure,
    customStatus: row.customStatus,
  };
}
