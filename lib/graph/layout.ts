/** How x is derived: from timestamps (gaps grow with elapsed time) or from plain step order. */
export type LayoutMode = 'time' | 'steps';

/** Something to place: its step span (for lanes), its time, its size, its row and what it follows. */
export interface LayoutItem {
  id: string;
  step: number;
  /** Step in which it ended; undefined while it is still open (it keeps its lane). */
  endStep?: number;
  at: string;
  width: number;
  height: number;
  /** 0 for what a step consumed (start, arrived events), 1 for what it scheduled; orders a step's columns. */
  phase: 0 | 1;
  /** 'lifecycle' items (pause/resume) sit on a row of their own above the lanes. */
  row: 'lanes' | 'lifecycle';
  /** IDs it follows; it prefers its first predecessor's lane. */
  after: string[];
}

/** A horizontal band of the layout: one lane of parallel work, or the lifecycle row. */
export interface LaneBand {
  id: string;
  kind: 'lane' | 'lifecycle';
  index: number;
  y: number;
  height: number;
}

/** Where each item goes, the bands behind them, and the total width. */
export interface LayoutResult {
  positions: Map<string, { x: number; y: number; lane: number }>;
  lanes: LaneBand[];
  width: number;
}

/** Height of one lane. */
export const LANE_HEIGHT = 104;
/** Height of the lifecycle row above the lanes. */
export const LIFECYCLE_HEIGHT = 72;
const H_GAP = 44;
const STEP_GAP = 48;
const PRED_GAP = 36;
const LIFECYCLE_LANE = -1;

/** Places items: parallel work in separate lanes (y), time or step order left to right (x), no overlaps within a lane. */
export function layoutTimeline(items: LayoutItem[], mode: LayoutMode): LayoutResult {
  const lanes = assignLanes(items);
  const xs = assignX(items, lanes, mode);
  const laneCount = Math.max(0, ...[...lanes.values()].map((l) => l + 1));
  const hasLifecycle = items.some((i) => i.row === 'lifecycle');
  const positions = new Map<string, { x: number; y: number; lane: number }>();
  for (const item of items) {
    const lane = lanes.get(item.id)!;
    const top = lane === LIFECYCLE_LANE ? -LIFECYCLE_HEIGHT : lane * LANE_HEIGHT;
    const height = lane === LIFECYCLE_LANE ? LIFECYCLE_HEIGHT : LANE_HEIGHT;
    positions.set(item.id, { x: xs.get(item.id)!, y: top + (height - item.height) / 2, lane });
  }
  const width = Math.max(0, ...items.map((i) => xs.get(i.id)! + i.width));
  const bands: LaneBand[] = Array.from({ length: laneCount }, (_, index) => ({ id: `lane-${index}`, kind: 'lane', index, y: index * LANE_HEIGHT, height: LANE_HEIGHT }));
  if (hasLifecycle) bands.unshift({ id: 'lifecycle', kind: 'lifecycle', index: LIFECYCLE_LANE, y: -LIFECYCLE_HEIGHT, height: LIFECYCLE_HEIGHT });
  return { positions, lanes: bands, width };
}

/** Greedy lane assignment by step spans: an item takes its predecessor's lane if free, else the lowest free lane. */
function assignLanes(items: LayoutItem[]): Map<string, number> {
  const lanes = new Map<string, number>();
  const laneEnds: number[] = [];
  const ordered = items.map((item, index) => ({ item, index })).sort((a, b) => a.item.step - b.item.step || a.index - b.index);
  for (const { item } of ordered) {
    if (item.row === 'lifecycle') {
      lanes.set(item.id, LIFECYCLE_LANE);
      continue;
    }
    const isFree = (lane: number) => lane >= 0 && (laneEnds[lane] ?? -Infinity) <= item.step;
    const preferred = item.after.map((id) => lanes.get(id)).find((l) => l !== undefined && isFree(l));
    let lane = preferred ?? laneEnds.findIndex((_, l) => isFree(l));
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = item.endStep ?? Infinity;
    lanes.set(item.id, lane);
  }
  return lanes;
}

/** x in anchor order (time or step): items with the same anchor share an x, later anchors sit further right, no overlaps within a lane. */
function assignX(items: LayoutItem[], lanes: Map<string, number>, mode: LayoutMode): Map<string, number> {
  const anchor = (item: LayoutItem) => (mode === 'time' ? Date.parse(item.at) || 0 : item.step * 2 + item.phase);
  const ordered = items
    .map((item, index) => ({ item, index, key: anchor(item) }))
    .sort((a, b) => a.key - b.key || a.item.step - b.item.step || a.item.phase - b.item.phase || a.index - b.index);
  const xs = new Map<string, number>();
  const widths = new Map(items.map((i) => [i.id, i.width]));
  const laneFree = new Map<number, number>();
  let previousKey: number | undefined;
  let maxX = 0;
  let maxRight = 0;
  for (let start = 0; start < ordered.length; ) {
    const key = ordered[start].key;
    let end = start;
    const phase = ordered[start].item.phase;
    while (end < ordered.length && ordered[end].key === key && ordered[end].item.phase === phase) end++;
    const batch = ordered.slice(start, end).map((o) => ({ item: o.item, lane: lanes.get(o.item.id)! }));
    const base = previousKey === undefined ? 0 : mode === 'steps' ? maxRight + STEP_GAP : maxX + timeGap(key - previousKey);
    let x = base;
    for (const { item, lane } of batch) x = Math.max(x, laneFree.get(lane) ?? 0, afterPredecessors(item, xs, widths));
    for (const { item, lane } of batch) {
      const at = Math.max(x, laneFree.get(lane) ?? 0);
      xs.set(item.id, at);
      laneFree.set(lane, at + item.width + H_GAP);
      maxX = Math.max(maxX, at);
      maxRight = Math.max(maxRight, at + item.width);
    }
    previousKey = key;
    start = end;
  }
  return xs;
}

/** The least x that keeps an item right of everything it follows (so edges run left to right). */
function afterPredecessors(item: LayoutItem, xs: Map<string, number>, widths: Map<string, number>): number {
  let min = 0;
  for (const id of item.after) {
    const x = xs.get(id);
    if (x !== undefined) min = Math.max(min, x + (widths.get(id) ?? 0) + PRED_GAP);
  }
  return min;
}

/** Horizontal distance for elapsed milliseconds: logarithmic, so seconds and days both stay readable. */
function timeGap(ms: number): number {
  return ms <= 0 ? 0 : 30 + 70 * Math.log10(1 + ms / 100);
}
