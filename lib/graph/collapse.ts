import type { TaskKind, TaskOutcome, TimelineLink, TimelineModel, TimelineTask } from './timeline-model';

/** Fan-outs wider than this many tasks collapse into one group node per task name. */
export const MAX_PARALLEL_LANES = 50;
/** A pattern repeated at least this many times in a row collapses into one group node. */
export const MIN_REPEATS = 5;
const MAX_PERIOD = 3;

/** Several similar tasks shown as one node: a run of sequential repeats or a wide fan-out. */
export interface TaskGroup {
  id: string;
  shape: 'sequence' | 'parallel';
  kind: TaskKind;
  /** The repeated names, in order ("process_item", or "check → timer" for a repeated pair). */
  label: string;
  /** How many times the pattern repeats (the member count for a fan-out). */
  repeats: number;
  members: TimelineTask[];
  counts: Partial<Record<TaskOutcome, number>>;
  outcome: TaskOutcome;
  step: number;
  endStep?: number;
  startedAt: string;
  endedAt?: string;
  current: boolean;
}

/** The timeline after collapsing: tasks still shown one by one, groups, and links between what is shown. */
export interface CollapsedTimeline {
  tasks: TimelineTask[];
  groups: TaskGroup[];
  links: TimelineLink[];
}

/** Collapses wide fan-outs and runs of similar sequential tasks into groups, except the groups listed as expanded. */
export function collapseTimeline(model: TimelineModel, links: TimelineLink[], expanded: ReadonlySet<string> = new Set()): CollapsedTimeline {
  const groups = fanOutGroups(model).filter((g) => !expanded.has(g.id));
  const grouped = new Set(groups.flatMap((g) => g.members.map((m) => m.id)));
  const plain = model.tasks.filter((t) => !grouped.has(t.id));
  groups.push(...runGroups(plain, links).filter((g) => !expanded.has(g.id)));
  const memberOf = new Map<string, string>();
  for (const g of groups) for (const m of g.members) memberOf.set(m.id, g.id);
  return {
    tasks: model.tasks.filter((t) => !memberOf.has(t.id)),
    groups,
    links: remapLinks(links, memberOf),
  };
}

function fanOutGroups(model: TimelineModel): TaskGroup[] {
  const byId = new Map(model.tasks.map((t) => [t.id, t]));
  const groups: TaskGroup[] = [];
  for (const step of model.steps) {
    const tasks = step.produced.flatMap((id) => byId.get(id) ?? []).filter((t) => t.kind !== 'eventSent');
    if (tasks.length <= MAX_PARALLEL_LANES) continue;
    const buckets = new Map<string, TimelineTask[]>();
    for (const t of tasks) pushTo(buckets, signature(t), t);
    for (const members of buckets.values()) {
      if (members.length > 1) groups.push(makeGroup(`fan-${members[0].id}`, 'parallel', members, members.length, members[0].name));
    }
  }
  return groups;
}

function runGroups(tasks: TimelineTask[], links: TimelineLink[]): TaskGroup[] {
  const groups: TaskGroup[] = [];
  for (const chain of linearChains(tasks, links)) {
    let i = 0;
    while (i < chain.length) {
      const { period, length } = bestRepeat(chain, i);
      const repeats = Math.floor(length / period);
      if (repeats < MIN_REPEATS) {
        i += 1;
        continue;
      }
      const members = chain.slice(i, i + repeats * period);
      const label = members.slice(0, period).map((t) => t.name).join(' → ');
      groups.push(makeGroup(`run-${members[0].id}`, 'sequence', members, repeats, label));
      i += members.length;
    }
  }
  return groups;
}

/** Maximal paths of tasks where each link is the only one out of its source and into its target. */
function linearChains(tasks: TimelineTask[], links: TimelineLink[]): TimelineTask[][] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const outs = new Map<string, string[]>();
  const ins = new Map<string, string[]>();
  for (const l of links.filter((x) => x.kind === 'flow')) {
    pushTo(outs, l.from, l.to);
    pushTo(ins, l.to, l.from);
  }
  const next = new Map<string, TimelineTask>();
  const hasPrev = new Set<string>();
  for (const t of tasks) {
    const targets = outs.get(t.id) ?? [];
    const target = targets.length === 1 ? byId.get(targets[0]) : undefined;
    if (target && ins.get(target.id)?.length === 1) {
      next.set(t.id, target);
      hasPrev.add(target.id);
    }
  }
  const chains: TimelineTask[][] = [];
  for (const t of tasks) {
    if (hasPrev.has(t.id)) continue;
    const chain = [t];
    for (let n = next.get(t.id); n; n = next.get(n.id)) chain.push(n);
    chains.push(chain);
  }
  return chains;
}

/** The period (1 to 3 tasks) whose repetition from index `start` covers the longest stretch. */
function bestRepeat(chain: TimelineTask[], start: number): { period: number; length: number } {
  let best = { period: 1, length: 1 };
  for (let period = 1; period <= MAX_PERIOD; period++) {
    let end = start + period;
    if (end > chain.length) break;
    while (end < chain.length && signature(chain[end]) === signature(chain[end - period])) end++;
    const length = end - start;
    if (Math.floor(length / period) * period > Math.floor(best.length / best.period) * best.period) best = { period, length };
  }
  return best;
}

function makeGroup(id: string, shape: TaskGroup['shape'], members: TimelineTask[], repeats: number, label: string): TaskGroup {
  const counts: Partial<Record<TaskOutcome, number>> = {};
  for (const m of members) counts[m.outcome] = (counts[m.outcome] ?? 0) + 1;
  const open = members.some((m) => m.endStep === undefined);
  const ends = members.flatMap((m) => (m.endedAt ? [m.endedAt] : []));
  return {
    id,
    shape,
    kind: members[0].kind,
    label,
    repeats,
    members,
    counts,
    outcome: OUTCOME_PRECEDENCE.find((o) => counts[o]) ?? 'completed',
    step: Math.min(...members.map((m) => m.step)),
    endStep: open ? undefined : Math.max(...members.map((m) => m.endStep ?? 0)),
    startedAt: members.map((m) => m.startedAt).sort()[0],
    endedAt: open ? undefined : ends.sort().at(-1),
    current: members.some((m) => m.current),
  };
}

const OUTCOME_PRECEDENCE: TaskOutcome[] = ['running', 'waiting', 'failed', 'timedOut', 'terminated', 'canceled', 'completed'];

function remapLinks(links: TimelineLink[], memberOf: Map<string, string>): TimelineLink[] {
  const seen = new Set<string>();
  const result: TimelineLink[] = [];
  for (const link of links) {
    const from = memberOf.get(link.from) ?? link.from;
    const to = memberOf.get(link.to) ?? link.to;
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    result.push({ ...link, from, to });
  }
  return result;
}

function signature(task: TimelineTask): string {
  return `${task.kind}:${task.name}`;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
