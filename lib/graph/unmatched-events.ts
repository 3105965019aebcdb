import type { TimelineModel, TimelineOptions, TimelineTask } from './timeline-model';

/**
 * Marks external events nothing consumed as 'unmatched'. An event that met a recorded wait (one with a timeout) was
 * consumed; one that arrived with no recorded wait (a wait without timeout leaves no trace) was consumed when the
 * workflow did something in the step it was delivered in (after a resume, for one raised while paused), or when the
 * instance waits for its name now (a wait takes a buffered event at once). Otherwise it is unmatched, and so is any
 * event raised after a wait for its name timed out. Names compare case-insensitively, as the engine's.
 */
export function markUnmatchedEvents(model: TimelineModel, options: TimelineOptions): TimelineModel {
  const waitedNow = new Set((model.ended ? [] : (options.waitingOn?.events ?? [])).map((e) => e.name.toLowerCase()));
  const resumes = pausedUntil(model);
  for (const task of model.tasks) {
    if (task.kind !== 'event' || !task.arrived) continue;
    const key = task.name.toLowerCase();
    const delivered = resumes.has(task.step) ? resumes.get(task.step) : task.step;
    // Still paused: the event has not been delivered yet, so nothing can be said.
    if (delivered === undefined) continue;
    const reacted = (model.steps[delivered]?.produced.length ?? 0) > 0;
    if (timedOutBefore(model.tasks, task, key) || (!reacted && !waitedNow.has(key))) task.outcome = 'unmatched';
  }
  return model;
}

function timedOutBefore(tasks: TimelineTask[], event: TimelineTask, key: string): boolean {
  return tasks.some((t) => t.kind === 'event' && t.outcome === 'timedOut' && t.name.toLowerCase() === key && t.endedAt !== undefined && t.endedAt <= event.startedAt);
}

/** For each step the instance spent paused: the step of the resume that delivered what arrived meanwhile (undefined: still paused). */
function pausedUntil(model: TimelineModel): Map<number, number | undefined> {
  const steps = new Map<number, number | undefined>();
  let pausedAt: number | undefined;
  for (const mark of model.marks) {
    if (mark.kind === 'pause') pausedAt ??= mark.step;
    else if (mark.kind === 'resume' && pausedAt !== undefined) {
      for (let s = pausedAt; s < mark.step; s++) steps.set(s, mark.step);
      pausedAt = undefined;
    }
  }
  if (pausedAt !== undefined) for (let s = pausedAt; s < model.steps.length; s++) steps.set(s, undefined);
  return steps;
}
