import type { TimelineModel, TimelineStep, TimelineTask } from './timeline-model';

/**
 * Folds retries the history does not mark into attempts of the first call, as the executor's own retries are.
 * Remote SDK workers record a retry (by a retry policy or by workflow code) as just another call: an activity or
 * child workflow with the same name and input, scheduled in the step that consumed the previous attempt's failure,
 * or after a back-off timer created in that step fired. Drawn separately, a call that failed and then succeeded
 * would look failed once its attempts collapse into a group; folded, the task ends as its last attempt did.
 */
export function inferRetries(model: TimelineModel): TimelineModel {
  const steps = model.steps.map((s) => ({ ...s, consumed: [...s.consumed], produced: [...s.produced] }));
  const folded = new Set<string>();
  // Calls whose last attempt failed, by the step that consumed the failure and the call's name and input.
  const failedCalls = new Map<string, TimelineTask[]>();
  // Timers that fired, by the step that consumed their firing.
  const firedTimers = new Map<number, TimelineTask[]>();

  for (const task of model.tasks) {
    if (task.kind === 'timer' && task.endStep !== undefined) push(firedTimers, task.endStep, task);
    if (!isCall(task)) continue;
    const retried = isFirstAttempt(task) ? findRetried(task, failedCalls, firedTimers, folded) : undefined;
    const owner = retried?.call ?? task;
    if (retried) {
      fold(retried.call, task, retried.backOff, steps);
      folded.add(task.id);
      if (retried.backOff) folded.add(retried.backOff.id);
    }
    if (owner.attempts.at(-1)?.outcome === 'failed' && owner.endStep !== undefined && owner.maxAttempts === undefined && !owner.retryAt) {
      push(failedCalls, callKey(owner.endStep, owner), owner);
    }
  }
  if (!folded.size) return model;
  return { ...model, tasks: model.tasks.filter((t) => !folded.has(t.id)), steps };
}

function findRetried(
  call: TimelineTask,
  failedCalls: Map<string, TimelineTask[]>,
  firedTimers: Map<number, TimelineTask[]>,
  folded: Set<string>,
): { call: TimelineTask; backOff?: TimelineTask } | undefined {
  const immediate = take(failedCalls, callKey(call.step, call));
  if (immediate) return { call: immediate };
  for (const timer of firedTimers.get(call.step) ?? []) {
    if (folded.has(timer.id)) continue;
    const previous = take(failedCalls, callKey(timer.step, call));
    if (previous) return { call: previous, backOff: timer };
  }
  return undefined;
}

/** Moves `retry`'s attempt (and its back-off timer) into `call`, and fixes what each step consumed and produced. */
function fold(call: TimelineTask, retry: TimelineTask, backOff: TimelineTask | undefined, steps: TimelineStep[]): void {
  if (call.endStep !== undefined) remove(steps[call.endStep].consumed, call.id);
  remove(steps[retry.step].produced, retry.id);
  if (backOff) {
    remove(steps[backOff.step].produced, backOff.id);
    if (backOff.endStep !== undefined) remove(steps[backOff.endStep].consumed, backOff.id);
    call.taskIds.push(...backOff.taskIds);
  }
  if (retry.endStep !== undefined) {
    const consumed = steps[retry.endStep].consumed;
    consumed[consumed.indexOf(retry.id)] = call.id;
  }
  call.attempts.push({ ...retry.attempts[0], attempt: call.attempts.length + 1 });
  call.taskIds.push(...retry.taskIds);
  call.endStep = retry.endStep;
  call.endedAt = retry.endedAt;
}

function isCall(task: TimelineTask): boolean {
  return task.kind === 'activity' || task.kind === 'child';
}

function isFirstAttempt(task: TimelineTask): boolean {
  return task.attempts.length === 1 && task.attempts[0].attempt === 1 && task.maxAttempts === undefined;
}

function callKey(step: number, task: TimelineTask): string {
  return JSON.stringify([step, task.kind, task.name, task.input ?? null]);
}

function take(map: Map<string, TimelineTask[]>, key: string): TimelineTask | undefined {
  const list = map.get(key);
  const first = list?.shift();
  if (list && !list.length) map.delete(key);
  return first;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function remove(list: string[], id: string): void {
  const index = list.indexOf(id);
  if (index >= 0) list.splice(index, 1);
}
