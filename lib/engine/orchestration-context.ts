import { createHash } from 'node:crypto';
import { REQUEST_APPROVAL_ACTIVITY, type ApprovalRequestOptions, type ExternalEventOptions, type TaskOptions, type Workflow, type WorkflowActivity, type WorkflowContext } from './authoring';
import { Task, WhenAllTask, WhenAnyTask } from './tasks';
import { validateRetryPolicy } from './retry-policy';

/** The executor's side of the context: where the context's calls turn into scheduled tasks. */
export interface TaskScheduler {
  readonly instanceId: string;
  readonly workflowName: string;
  currentTime(): Date;
  replaying(): boolean;
  scheduleActivity(name: string, input: unknown, options?: TaskOptions): Task;
  scheduleChild(name: string, input: unknown, instanceId: string | undefined, options?: TaskOptions): Task;
  scheduleTimer(fireAt: Date): Task<void>;
  waitForEvent(name: string, timeoutMs: number | undefined): Task;
  trackWhenAny(task: WhenAnyTask): void;
  requestContinueAsNew(input: unknown, saveEvents: boolean): void;
  setCustomStatus(status: string): void;
}

// RFC 4122 namespace used for deterministic workflow GUIDs (the URL namespace, as durabletask does).
const GUID_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** The WorkflowContext that workflow code receives, backed by the replay executor. */
export class OrchestrationContext implements WorkflowContext {
  private guidCounter = 0;

  constructor(private readonly scheduler: TaskScheduler) {}

  getWorkflowInstanceId(): string {
    return this.scheduler.instanceId;
  }
  getWorkflowName(): string {
    return this.scheduler.workflowName;
  }
  getCurrentUtcDateTime(): Date {
    return this.scheduler.currentTime();
  }
  isReplaying(): boolean {
    return this.scheduler.replaying();
  }
  createTimer(fireAt: Date | number): Task<void> {
    const when =
      typeof fireAt === 'number' ? new Date(this.scheduler.currentTime().getTime() + fireAt * 1000) : fireAt;
    if (Number.isNaN(when.getTime())) throw new RangeError('createTimer needs a valid Date or a number of seconds');
    return this.scheduler.scheduleTimer(when);
  }
  callActivity<TOut>(activity: WorkflowActivity | string, input?: unknown, options?: TaskOptions): Task<TOut> {
    if (options?.retryPolicy) validateRetryPolicy(options.retryPolicy);
    return this.scheduler.scheduleActivity(nameOf(activity), input, options) as Task<TOut>;
  }
  requestApproval(options: ApprovalRequestOptions): Task<string> {
    const { dueInSeconds, ...rest } = options;
    const due = dueInSeconds === undefined ? undefined : new Date(this.getCurrentUtcDateTime().getTime() + dueInSeconds * 1000).toISOString();
    return this.callActivity<string>(REQUEST_APPROVAL_ACTIVITY, { ...rest, ...(due ? { due } : {}) });
  }
  callChildWorkflow<TOut>(workflow: Workflow | string, input?: unknown, instanceId?: string, options?: TaskOptions): Task<TOut> {
    if (options?.retryPolicy) validateRetryPolicy(options.retryPolicy);
    return this.scheduler.scheduleChild(nameOf(workflow), input, instanceId, options) as Task<TOut>;
  }
  callSubWorkflow<TOut>(workflow: Workflow | string, input?: unknown, instanceId?: string, options?: TaskOptions): Task<TOut> {
    return this.callChildWorkflow<TOut>(workflow, input, instanceId, options);
  }
  waitForExternalEvent<TOut>(name: string, options?: ExternalEventOptions): Task<TOut> {
    const seconds = options?.timeoutInSeconds;
    if (seconds !== undefined && !(seconds >= 0)) throw new RangeError('timeoutInSeconds must be >= 0');
    return this.scheduler.waitForEvent(name, seconds === undefined ? undefined : seconds * 1000) as Task<TOut>;
  }
  whenAll<T>(tasks: Task<T>[]): Task<T[]> {
    return new WhenAllTask(tasks);
  }
   
  whenAny(tasks: Task<any>[]): Task<Task> {
    const task = new WhenAnyTask(tasks);
    this.scheduler.trackWhenAny(task);
    return task;
  }
  continueAsNew(newInput: unknown, saveEvents = false): void {
    this.scheduler.requestContinueAsNew(newInput, saveEvents);
  }
  setCustomStatus(status: string): void {
    this.scheduler.setCustomStatus(status);
  }
  newGuid(): string {
    const name = `${this.scheduler.instanceId}_${this.scheduler.currentTime().toISOString()}_${this.guidCounter++}`;
    const hash = createHash('sha1').update(GUID_NAMESPACE).update(name).digest();
    hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
    hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = hash.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

function nameOf(fnOrName: { name: string } | string): string {
  const name = typeof fnOrName === 'string' ? fnOrName : fnOrName.name;
  if (!name) throw new TypeError('a task needs a name: pass a named function or its registered name');
  return name;
}
