/** Something a workflow yields and waits for: an activity, timer, event, child workflow or a combination. */
export class Task<T = unknown> {
  protected state: 'pending' | 'completed' | 'failed' = 'pending';
  protected value: T | undefined;
  protected error: Error | undefined;
  private readonly parents: CompositeTask<unknown>[] = [];

  /** True once the task has a result or an error. */
  get isComplete(): boolean {
    return this.state !== 'pending';
  }
  /** True when the task ended with an error. */
  get isFailed(): boolean {
    return this.state === 'failed';
  }
  /** The task's result (undefined until it completes). */
  get result(): T | undefined {
    return this.value;
  }
  /** The task's error, when it failed. */
  get exception(): Error | undefined {
    return this.error;
  }

  /** The task's result (the JavaScript SDK's accessor). */
  getResult(): T | undefined {
    return this.value;
  }
  /** The task's error, when it failed (the JavaScript SDK's accessor). */
  getException(): Error | undefined {
    return this.error;
  }
  /** True once the task has a result or an error (the JavaScript SDK's accessor). */
  isCompleted(): boolean {
    return this.isComplete;
  }

  /** Completes the task with a result and tells the composites that contain it. */
  complete(value: T): void {
    if (this.isComplete) return;
    this.state = 'completed';
    this.value = value;
    this.notifyParents();
  }

  /** Fails the task with an error and tells the composites that contain it. */
  fail(error: Error): void {
    if (this.isComplete) return;
    this.state = 'failed';
    this.error = error;
    this.notifyParents();
  }

  /** Registers a composite (whenAll/whenAny) that waits on this task. */
  addParent(parent: CompositeTask<unknown>): void {
    this.parents.push(parent);
  }

  private notifyParents(): void {
    for (const parent of this.parents) parent.onChildCompleted(this);
  }
}

/** A task built from other tasks. */
export abstract class CompositeTask<T> extends Task<T> {
  constructor(readonly children: Task[]) {
    super();
    for (const child of children) child.addParent(this as CompositeTask<unknown>);
  }
  /** Called when one of the children completes or fails. */
  abstract onChildCompleted(child: Task): void;
}

/** Completes with every child's result (in order) once all complete; fails as soon as one fails. */
export class WhenAllTask<T> extends CompositeTask<T[]> {
  constructor(children: Task<T>[]) {
    super(children);
    if (children.length === 0) this.complete([]);
    else this.check();
  }
  onChildCompleted(): void {
    this.check();
  }
  private check(): void {
    if (this.isComplete) return;
    const failed = this.children.find((c) => c.isFailed);
    if (failed) return this.fail(failed.exception!);
    if (this.children.every((c) => c.isComplete)) this.complete(this.children.map((c) => c.result as T));
  }
}

/** Completes with the first child that completes (or fails): the winning task itself. */
export class WhenAnyTask extends CompositeTask<Task> {
  constructor(children: Task[]) {
    super(children);
    const done = children.find((c) => c.isComplete);
    if (done) this.complete(done);
  }
  onChildCompleted(child: Task): void {
    this.complete(child);
  }
}
