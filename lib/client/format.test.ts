import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDuration, formatTimeIn, formatTimeWithZone, instanceDurationMs } from './format';
import { isoToLocalInput, localInputToIso } from './local-time';

describe('formatting times for people', () => {
  it('formats durations at every scale', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_300)).toBe('12 s');
    expect(formatDuration(4 * 60_000 + 5_000)).toBe('4 m 05 s');
    expect(formatDuration(2 * 3_600_000 + 10 * 60_000)).toBe('2 h 10 m');
    expect(formatDuration(-1)).toBe('—');
  });

  it('counts down to a deadline and says when it has passed', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(formatCountdown('2026-01-01T00:01:30Z', now)).toBe('in 1 m 30 s');
    expect(formatCountdown('2025-12-31T23:59:00Z', now)).toBe('overdue');
  });

  it('measures a running instance up to now and a finished one up to completion', () => {
    const now = Date.parse('2026-01-01T00:00:10Z');
    expect(instanceDurationMs({ createdAt: '2026-01-01T00:00:00Z' }, now)).toBe(10_000);
    expect(instanceDurationMs({ createdAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:02Z' }, now)).toBe(2_000);
  });

  it('shows absolute times in UTC or in the browser zone, naming the zone in tooltips', () => {
    expect(formatTimeWithZone('2026-11-21T14:03:09.500Z', 'utc')).toBe('2026-11-21 14:03:09 UTC');
    expect(formatTimeIn('2026-11-21T14:03:09.500Z', 'utc')).toBe('2026-11-21 14:03:09Z');
    expect(formatTimeWithZone('2026-11-21T14:03:09.500Z', 'local')).toMatch(/^2026-11-2\d \d\d:03:09 .+ \(UTC[+-]\d\d:\d\d\)$/);
    expect(localInputToIso('2026-11-21T14:03', 'utc')).toBe('2026-11-21T14:03:00.000Z');
    expect(isoToLocalInput('2026-11-21T14:03:00.000Z', 'utc')).toBe('2026-11-21T14:03');
    expect(localInputToIso(isoToLocalInput('2026-11-21T14:03:00.000Z'))).toBe('2026-11-21T14:03:00.000Z');
  });
});
