import { describe, expect, it } from 'vitest';
import { formatDuration } from './labels';

describe('formatDuration', () => {
  it('stays short and readable from milliseconds to days', () => {
    expect([340, 4200, 42_000, 200_000, 7_500_000, 277_000_000].map(formatDuration)).toEqual([
      '340 ms',
      '4.2 s',
      '42 s',
      '3m 20s',
      '2h 5m',
      '3d 4h',
    ]);
  });
});
