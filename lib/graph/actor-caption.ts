// Who did a client's action, as the timeline and the history table say it: "paused by Ada Lovelace · 10:42 ·
// reason: checking stock". Pure (the time is formatted by the caller's formatter).
import type { EventActor, SequencedHistoryEvent } from '../engine/history-events';
import type { MarkKind, TimelineMark, TimelineTask } from './timeline-model';

/** The verb of each event kind a client's action causes. */
const VERBS: Partial<Record<SequencedHistoryEvent['kind'], string>> = {
  ExecutionStarted: 'started',
  ExecutionSuspended: 'paused',
  ExecutionResumed: 'resumed',
  ExecutionTerminated: 'terminated',
  EventRaised: 'raised',
};

/** "<verb> by <name> · <time> · reason: <text>", the parts absent when unknown; undefined without an actor or a reason. */
export function actorCaption(verb: string, actor: EventActor | undefined, time: string | undefined, reason: string | undefined): string | undefined {
  if (!actor && !reason) return undefined;
  return [actor ? `${verb} by ${actor.name}` : verb, time, reason ? `reason: ${reason}` : undefined].filter(Boolean).join(' · ');
}

/** The caption of a history event a client's action caused (start, pause, resume, terminate, raise); else undefined. */
export function eventActorCaption(event: SequencedHistoryEvent, formatTime: (iso: string) => string): string | undefined {
  const verb = VERBS[event.kind];
  if (!verb) return undefined;
  const { actor, reason } = event as { actor?: EventActor; reason?: string };
  return actorCaption(verb, actor, formatTime(event.timestamp), reason);
}

/** The verb of each timeline mark a client's action makes. */
const MARK_VERBS: Partial<Record<MarkKind, string>> = { start: 'started', pause: 'paused', resume: 'resumed', terminate: 'terminated' };

/** The caption of a timeline mark (who started, paused, resumed or terminated it, when, why); else undefined. */
export function markActorCaption(mark: TimelineMark, formatTime: (iso: string) => string): string | undefined {
  const verb = MARK_VERBS[mark.kind];
  return verb ? actorCaption(verb, mark.actor, formatTime(mark.at), mark.reason) : undefined;
}

/** The caption of an external event someone raised through the API ("raised by Ada · 10:42"); else undefined. */
export function raisedByCaption(task: TimelineTask, formatTime: (iso: string) => string): string | undefined {
  return task.raisedBy && task.endedAt ? actorCaption('raised', task.raisedBy, formatTime(task.endedAt), undefined) : undefined;
}
