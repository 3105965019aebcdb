// The last 15 minutes of this process's throughput and latency, in memory, for the System page's charts: a ring
// of fixed-width buckets fed by the metrics telemetry (no database read).

/** One bucket of the ring: what ended in [at, at + width). */
export interface SampleBucket {
  /** The bucket's start (ms since the epoch). */
  at: number;
  steps: number;
  stepFailures: number;
  stepSeconds: number;
  activities: number;
  activityFailures: number;
  activitySeconds: number;
}

/** A bucket as the System page draws it: rates per second and mean latencies in milliseconds. */
export interface SamplePoint {
  /** The bucket's start, ISO. */
  at: string;
  stepsPerSecond: number;
  activitiesPerSecond: number;
  failuresPerSecond: number;
  /** Mean step latency in the bucket (ms); null when no step ended. */
  stepLatencyMs: number | null;
  activityLatencyMs: number | null;
}

/** Bucket width (ms). */
export const SAMPLE_WIDTH_MS = 10_000;
/** How many buckets are kept: 15 minutes. */
export const SAMPLE_BUCKETS = 90;

/** A ring of SAMPLE_BUCKETS buckets of SAMPLE_WIDTH_MS each; `now` is injectable for tests. */
export class SystemSamples {
  private readonly ring: SampleBucket[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly widthMs = SAMPLE_WIDTH_MS,
    private readonly size = SAMPLE_BUCKETS,
  ) {}

  /** Records a workflow step that ended after `seconds`; `failed` when it did not commit. */
  step(seconds: number, failed: boolean): void {
    const bucket = this.current();
    bucket.steps++;
    bucket.stepSeconds += seconds;
    if (failed) bucket.stepFailures++;
  }

  /** Records an activity attempt that ended after `seconds`; `failed` when it failed or was not delivered. */
  activity(seconds: number, failed: boolean): void {
    const bucket = this.current();
    bucket.activities++;
    bucket.activitySeconds += seconds;
    if (failed) bucket.activityFailures++;
  }

  /** Every bucket of the last 15 minutes, oldest first, empty ones included (zeros), the current one last. */
  points(): SamplePoint[] {
    const start = this.bucketStart(this.now());
    const byStart = new Map(this.ring.map((b) => [b.at, b]));
    const points: SamplePoint[] = [];
    for (let i = this.size - 1; i >= 0; i--) {
      const at = start - i * this.widthMs;
      points.push(toPoint(byStart.get(at) ?? emptyBucket(at), this.widthMs));
    }
    return points;
  }

  private current(): SampleBucket {
    const at = this.bucketStart(this.now());
    const last = this.ring[this.ring.length - 1];
    if (last && last.at === at) return last;
    const bucket = emptyBucket(at);
    this.ring.push(bucket);
    const oldest = at - (this.size - 1) * this.widthMs;
    while (this.ring.length && this.ring[0].at < oldest) this.ring.shift();
    return bucket;
  }

  private bucketStart(t: number): number {
    return t - (t % this.widthMs);
  }
}

function emptyBucket(at: number): SampleBucket {
  return { at, steps: 0, stepFailures: 0, stepSeconds: 0, activities: 0, activityFailures: 0, activitySeconds: 0 };
}

function toPoint(b: SampleBucket, widthMs: number): SamplePoint {
  const perSecond = (n: number) => (n * 1000) / widthMs;
  return {
    at: new Date(b.at).toISOString(),
    stepsPerSecond: perSecond(b.steps),
    activitiesPerSecond: perSecond(b.activities),
    failuresPerSecond: perSecond(b.stepFailures + b.activityFailures),
    stepLatencyMs: b.steps ? (b.stepSeconds / b.steps) * 1000 : null,
    activityLatencyMs: b.activities ? (b.activitySeconds / b.activities) * 1000 : null,
  };
}

/** The System page's headline figures from the points: totals over the whole window and rates of the last minute. */
export interface SampleSummary {
  steps: number;
  activities: number;
  failures: number;
  /** Over the last minute (6 buckets of 10 s). */
  stepsPerSecond: number;
  activitiesPerSecond: number;
  /** Mean latencies over the last minute, weighted by count (ms); null when nothing ended. */
  stepLatencyMs: number | null;
  activityLatencyMs: number | null;
}

/** Sums `points` (buckets of `bucketSeconds`) into the headline figures. */
export function summarizeSamples(points: readonly SamplePoint[], bucketSeconds: number): SampleSummary {
  const count = (rate: number) => Math.round(rate * bucketSeconds);
  const lastMinute = points.slice(-Math.max(1, Math.round(60 / bucketSeconds)));
  const seconds = lastMinute.length * bucketSeconds;
  const weighted = (rate: (p: SamplePoint) => number, latency: (p: SamplePoint) => number | null) => {
    let n = 0;
    let sum = 0;
    for (const p of lastMinute) {
      const ms = latency(p);
      if (ms === null) continue;
      const c = count(rate(p));
      n += c;
      sum += ms * c;
    }
    return n ? sum / n : null;
  };
  return {
    steps: points.reduce((s, p) => s + count(p.stepsPerSecond), 0),
    activities: points.reduce((s, p) => s + count(p.activitiesPerSecond), 0),
    failures: points.reduce((s, p) => s + count(p.failuresPerSecond), 0),
    stepsPerSecond: lastMinute.reduce((s, p) => s + count(p.stepsPerSecond), 0) / seconds,
    activitiesPerSecond: lastMinute.reduce((s, p) => s + count(p.activitiesPerSecond), 0) / seconds,
    stepLatencyMs: weighted((p) => p.stepsPerSecond, (p) => p.stepLatencyMs),
    activityLatencyMs: weighted((p) => p.activitiesPerSecond, (p) => p.activityLatencyMs),
  };
}
