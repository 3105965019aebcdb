// What the instance page shows an instance waiting for: the waits its runner reported, plus the events a remote
// instance may be waiting for without saying so (the API's expectedEvents), for the timeline and the Raise dialog.
import type { InstanceDetail } from '@/lib/api/dto';
import type { CatalogWorkflowInfo } from '@/lib/api/workflows';
import type { WaitingOn } from '@/lib/engine/waiting-on';

/** The instance's waitingOn with its named expected events added as event waits (the timeline draws each one). */
export function timelineWaitingOn(instance: Pick<InstanceDetail, 'waitingOn' | 'expectedEvents'>): WaitingOn {
  const known = new Set(instance.waitingOn.events.map((e) => e.name.toLowerCase()));
  const added = instance.expectedEvents.flatMap((e) =>
    e.name !== undefined && !known.has(e.name.toLowerCase()) ? [{ name: e.name, since: e.since, ...(e.deadline ? { deadline: e.deadline } : {}) }] : [],
  );
  return added.length ? { ...instance.waitingOn, events: [...instance.waitingOn.events, ...added] } : instance.waitingOn;
}

/**
 * Event names to suggest when raising an event on the instance: what it waits for now, then what it may wait for,
 * then every event its workflow declares (built in or declared by its app); each once, first spelling kept.
 */
export function raiseSuggestions(instance: Pick<InstanceDetail, 'waitingOn' | 'expectedEvents'>, workflow: Pick<CatalogWorkflowInfo, 'events'> | undefined): string[] {
  const names = [
    ...instance.waitingOn.events.map((e) => e.name),
    ...instance.expectedEvents.flatMap((e) => (e.name === undefined ? [] : [e.name])),
    ...(workflow?.events ?? []).map((e) => e.name),
  ];
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The Raise dialog's warning when the instance does not wait for `name` (compared case-insensitively, as the engine
 * does): "This instance is not waiting for 'x'. It waits for: a, b" (or "nothing"). None for an empty name, or when
 * it waits for an event it did not name ('' in `waitsFor`): then any name may be the one.
 */
export function notWaitingWarning(name: string, waitsFor: readonly string[]): string | undefined {
  const typed = name.trim();
  if (!typed || waitsFor.includes('')) return undefined;
  const key = typed.toLowerCase();
  if (waitsFor.some((n) => n.toLowerCase() === key)) return undefined;
  const named = [...new Set(waitsFor)];
  return `This instance is not waiting for '${typed}'. It waits for: ${named.length ? named.join(', ') : 'nothing'}`;
}
