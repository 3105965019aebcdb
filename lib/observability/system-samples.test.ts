import { describe, expect, it } from 'vitest';
import { summarizeSamples, SystemSamples } from './system-samples';

describe('SystemSamples', () => {
  it('sums what ended per bucket as rates and mean latencies, with empty buckets as zeros', () => {
    let now = 1_000_000;
    const samples = new SystemSamples(() => now, 10_000, 3);
    samples.step(0.01, false);
    samples.step(0.03, true);
    samples.activity(0.5, false);
    now += 10_000;
    samples.activity(1.5, true);
    const points = samples.points();
    expect(points.map((p) => p.at)).toEqual([990_000, 1_000_000, 1_010_000].map((t) => new Date(t).toISOString()));
    expect(points[0]).toMatchObject({ stepsPerSecond: 0, activitiesPerSecond: 0, stepLatencyMs: null, activityLatencyMs: null });
    expect(points[1]).toMatchObject({ stepsPerSecond: 0.2, activitiesPerSecond: 0.1, failuresPerSecond: 0.1, activityLatencyMs: 500 });
    expect(points[1].stepLatencyMs).toBeCloseTo(20);
    expect(points[2]).toMatchObject({ stepsPerSecond: 0, activitiesPerSecond: 0.1, failuresPerSecond: 0.1, activityLatencyMs: 1500 });
  });

  it('keeps only the last buckets', () => {
    let now = 0;
    const samples = new SystemSamples(() => now, 10_000, 3);
    samples.step(1, false);
    now = 50_000;
    samples.step(1, false);
    const points = samples.points();
    expect(points).toHaveLength(3);
    expect(points.map((p) => p.stepsPerSecond)).toEqual([0, 0, 0.1]);
  });

  it('sums the window and weighs the last minute for the headline figures', () => {
    let now = 0;
    const samples = new SystemSamples(() => now, 10_000, 90);
    for (let i = 0; i < 4; i++) samples.step(0.01, false);
    now = 20 * 60_000; // 20 minutes later: the first bucket has left the window
    for (let i = 0; i < 3; i++) samples.step(0.01, false);
    samples.step(0.05, true);
    samples.activity(1, false);
    const summary = summarizeSamples(samples.points(), 10);
    expect(summary).toMatchObject({ steps: 4, activities: 1, failures: 1, activityLatencyMs: 1000 });
    expect(summary.stepsPerSecond).toBeCloseTo(4 / 60);
    expect(summary.stepLatencyMs).toBeCloseTo(20);
    expect(summarizeSamples(new SystemSamples(() => 0).points(), 10)).toMatchObject({ steps: 0, stepsPerSecond: 0, stepLatencyMs: null });
  });
});
