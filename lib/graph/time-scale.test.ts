import { describe, expect, it } from 'vitest';
import { MAX_TIME_WIDTH, MIN_TIME_WIDTH, timeScaleWidths } from './time-scale';

describe('timeScaleWidths', () => {
  it('scales widths with duration, keeping a minimum so labels stay readable', () => {
    const [short, ten, twenty, unknown] = timeScaleWidths([200, 10_000, 20_000, undefined]);
    expect(short).toBe(MIN_TIME_WIDTH);
    expect(unknown).toBe(MIN_TIME_WIDTH);
    expect(ten).toBe(MAX_TIME_WIDTH / 2);
    expect(twenty).toBe(MAX_TIME_WIDTH);
  });

  it('fits the longest task to the maximum width, whatever its length, proportionally below it', () => {
    const day = 86_400_000;
    expect(timeScaleWidths([day, day / 2, day / 100])).toEqual([MAX_TIME_WIDTH, MAX_TIME_WIDTH / 2, MIN_TIME_WIDTH]);
  });

  it('gives every box the minimum when nothing took time', () => {
    expect(timeScaleWidths([0, undefined])).toEqual([MIN_TIME_WIDTH, MIN_TIME_WIDTH]);
    expect(timeScaleWidths([])).toEqual([]);
  });
});
