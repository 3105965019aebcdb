import type { TimelineLink, TimelineModel } from './timeline-model';

/**
 * Derives "what followed what": whatever a step schedules follows every result consumed since the
 * last step that scheduled something (so a fan-in joins all its branches), and a pause links to its resume.
 * An unmatched event follows what came before it but leads nowhere.
 */
export function taskLinks(model: TimelineModel): TimelineLink[] {
  const links: TimelineLink[] = [];
  const unmatched = new Set(model.tasks.filter((t) => t.outcome === 'unmatched').map((t) => t.id));
  let frontier: string[] = [];
  for (const step of model.steps) {
    for (const id of step.arrived) for (const from of frontier) links.push({ from, to: id, kind: 'flow' });
    const arrived = step.arrived.filter((id) => !unmatched.has(id));
    if (arrived.length) frontier = arrived;
    frontier.push(...step.consumed);
    if (!step.produced.length) continue;
    for (const id of step.produced) for (const from of frontier) links.push({ from, to: id, kind: 'flow' });
    frontier = [...step.passThrough];
  }
  return [...links, ...suspensionLinks(model)];
}

function suspensionLinks(model: TimelineModel): TimelineLink[] {
  const links: TimelineLink[] = [];
  let paused: string | undefined;
  for (const mark of model.marks) {
    if (mark.kind === 'pause') paused ??= mark.id;
    else if (mark.kind === 'resume' && paused) {
      links.push({ from: paused, to: mark.id, kind: 'suspension' });
      paused = undefined;
    }
  }
  return links;
}
