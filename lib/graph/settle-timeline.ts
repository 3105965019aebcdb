import { hasExecutionEnded } from '@/lib/engine/runtime-status';
import type { WaitingOn } from '@/lib/engine/waiting-on';
import type { TaskOutcome, TimelineModel, TimelineOptions, TimelineTask } from './timeline-model';

/** Gives every task its outcome and marks what the instance waits on now (adding event waits the history cannot show). */
export function settleTimeline(model: TimelineModel, options: TimelineOptions): TimelineModel {
  const ended = model.ended || (options.status !== undefined && hasExecutionEnded(options.status));
  for (const task of model.tasks) settleTask(task, ended, model.terminatedRecursively === true);
  if (!ended) {
    if (options.waitingOn) markWaitedOn(model, options.waitingOn);
    else for (const task of model.tasks) task.current = task.outcome === 'running' || task.outcome === 'waiting';
  }
  markPause(model, options);
  return { ...model, ended };
}

/** Settles one task; an open child of an instance terminated recursively was terminated with it, not canceled. */
function settleTask(task: TimelineTask, ended: boolean, recursive: boolean): void {
  const closed: TaskOutcome = recursive && task.kind === 'child' ? 'terminated' : 'canceled';
  const open: TaskOutcome = ended ? closed : task.kind === 'activity' || task.kind === 'child' ? 'running' : 'waiting';
  const last = task.attempts.at(-1);
  if (last) {
    if (!last.endedAt) last.outcome = open;
    task.outcome = last.outcome === 'failed' && task.retryAt && !ended ? 'waiting' : last.outcome;
    task.output = last.output;
    task.failure = last.failure;
    task.childInstanceId = last.childInstanceId;
    if (ended) task.retryAt = undefined;
  } else if (task.outcome !== 'timedOut') {
    task.outcome = task.endedAt ? 'completed' : open;
  }
}

function markWaitedOn(model: TimelineModel, waitingOn: WaitingOn): void {
  const byTaskId = new Map<number, TimelineTask>();
  for (const task of model.tasks) for (const id of task.taskIds) byTaskId.set(id, task);
  for (const waited of [...waitingOn.activities, ...waitingOn.children, ...waitingOn.timers]) {
    const task = byTaskId.get(waited.taskId);
    if (task) task.current = true;
  }
  for (const wait of waitingOn.events) markEventWait(model, wait);
  if (waitingOn.unnamedEvent && !waitingOn.events.length) markEventWait(model, { name: UNNAMED_EVENT_NAME, since: waitingOn.unnamedEvent.since }, true);
}

/** The name the timeline shows for the wait of an instance that waits for an external event it did not name. */
export const UNNAMED_EVENT_NAME = '(any name)';

function markEventWait(model: TimelineModel, wait: WaitingOn['events'][number], unnamed = false): void {
  const key = unnamed ? '' : wait.name.toLowerCase();
  const known = unnamed ? [] : model.tasks.filter((t) => t.kind === 'event' && !t.endedAt && t.name.toLowerCase() === key);
  for (const task of known) {
    task.current = true;
    task.fireAt = task.fireAt ?? wait.deadline;
  }
  if (known.length) return;
  let step = model.steps.findLastIndex((s) => s.at === wait.since);
  if (step < 0) step = Math.max(0, model.steps.length - 1);
  const task: TimelineTask = {
    id: `w-${key}`,
    kind: 'event',
    name: wait.name,
    outcome: 'waiting',
    step,
    startedAt: wait.since,
    taskIds: [],
    attempts: [],
    fireAt: wait.deadline,
    current: true,
    ...(unnamed ? { unnamed } : {}),
  };
  model.tasks.push(task);
  if (!model.steps.length) model.steps.push({ arrived: [], consumed: [], produced: [], passThrough: [] });
  model.steps[step].produced.push(task.id);
}

function markPause(model: TimelineModel, options: TimelineOptions): void {
  if (options.status !== 'SUSPENDED') return;
  const last = model.marks.findLast((m) => m.kind === 'pause' || m.kind === 'resume');
  if (last?.kind === 'pause') last.current = true;
}
