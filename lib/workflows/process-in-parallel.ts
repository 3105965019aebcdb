import type { Task, WorkflowContext } from '@/lib/engine';

/**
 * Starts a task per item with at most `maxConcurrency` in flight and returns their results in item
 * order (the .NET SDK's ProcessInParallelAsync). Use with `yield*`; the first failure is thrown.
 */
export function* processInParallel<TItem, TResult>(
  ctx: WorkflowContext,
  items: readonly TItem[],
  start: (item: TItem) => Task<TResult>,
  maxConcurrency = Number.POSITIVE_INFINITY,
): Generator<Task<unknown>, TResult[], unknown> {
  const tasks: Task<TResult>[] = [];
  const inFlight: Task<TResult>[] = [];
  for (const item of items) {
    if (inFlight.length >= maxConcurrency) {
      const finished = (yield ctx.whenAny(inFlight)) as Task<TResult>;
      if (finished.isFailed) throw finished.exception;
      inFlight.splice(inFlight.indexOf(finished), 1);
    }
    const task = start(item);
    tasks.push(task);
    inFlight.push(task);
  }
  yield ctx.whenAll(inFlight);
  return tasks.map((task) => task.result as TResult);
}
