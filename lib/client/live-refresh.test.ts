import { describe, expect, test } from 'vitest';
import { refreshIntervalOf } from './live-refresh';

describe('refreshIntervalOf', () => {
  test("auto keeps the page's own pace, a fixed choice overrides it, paused stops", () => {
    expect(refreshIntervalOf('auto', 1500)).toBe(1500);
    expect(refreshIntervalOf('5s', 1500)).toBe(5000);
    expect(refreshIntervalOf('60s', 2000)).toBe(60_000);
    expect(refreshIntervalOf('paused', 2000)).toBe(false);
  });
});
