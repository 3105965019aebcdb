import { describe, expect, test } from 'vitest';
import { describePolicy, keepMsFor, retentionPolicyFromEnv } from './retention-policy';

describe('retention policy from the environment', () => {
  test('none set: no policy (nothing is purged by age)', () => {
    expect(retentionPolicyFromEnv({})).toBeUndefined();
  });

  test('a default and per-workflow rules, "keep" for never', () => {
    const policy = retentionPolicyFromEnv({ FLOWDECK_RETENTION_DAYS: '30', FLOWDECK_RETENTION_BY_WORKFLOW: 'Orders=90, Hello=0.5,Audit=keep' })!;
    expect(keepMsFor(policy, 'Other')).toBe(30 * 86_400_000);
    expect(keepMsFor(policy, 'Orders')).toBe(90 * 86_400_000);
    expect(keepMsFor(policy, 'Hello')).toBe(43_200_000);
    expect(keepMsFor(policy, 'Audit')).toBeUndefined();
    expect(describePolicy(policy)).toBe('30 days; Orders 90 days, Hello 0.5 days, Audit kept');
  });

  test('per-workflow rules alone keep every other workflow', () => {
    const policy = retentionPolicyFromEnv({ FLOWDECK_RETENTION_BY_WORKFLOW: 'Hello=1' })!;
    expect(keepMsFor(policy, 'Other')).toBeUndefined();
    expect(describePolicy(policy)).toBe('kept unless named; Hello 1 day');
  });

  test('bad values are refused with the setting and the value named', () => {
    expect(() => retentionPolicyFromEnv({ FLOWDECK_RETENTION_DAYS: '0' })).toThrow("FLOWDECK_RETENTION_DAYS must be a number of days above 0 and at most 36500 (like 30 or 0.5), not '0'");
    expect(() => retentionPolicyFromEnv({ FLOWDECK_RETENTION_DAYS: '1e3' })).toThrow(/not '1e3'/);
    expect(() => retentionPolicyFromEnv({ FLOWDECK_RETENTION_BY_WORKFLOW: 'Hello' })).toThrow(/'Hello' is not <workflow name>=<days or keep>/);
    expect(() => retentionPolicyFromEnv({ FLOWDECK_RETENTION_BY_WORKFLOW: 'Hello=-1' })).toThrow(/\(Hello\) must be a number/);
  });
});
