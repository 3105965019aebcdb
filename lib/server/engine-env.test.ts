import { describe, expect, it } from 'vitest';
import { engineOptionsFromEnv } from './engine-env';

describe('engineOptionsFromEnv', () => {
  it('reads numbers and the direct hand-over switch', () => {
    expect(engineOptionsFromEnv({ FLOWDECK_LEASE_MS: '5000', FLOWDECK_DIRECT_HANDOVER: 'off' })).toEqual({ leaseMs: 5000, directHandover: false });
    expect(engineOptionsFromEnv({ FLOWDECK_DIRECT_HANDOVER: 'on' })).toEqual({ directHandover: true });
    expect(engineOptionsFromEnv({})).toEqual({});
  });

  it('refuses a value it cannot read, naming the variable', () => {
    expect(() => engineOptionsFromEnv({ FLOWDECK_DIRECT_HANDOVER: 'false' })).toThrow("FLOWDECK_DIRECT_HANDOVER must be 'on' or 'off', got 'false'");
    expect(() => engineOptionsFromEnv({ FLOWDECK_LEASE_MS: '-1' })).toThrow('FLOWDECK_LEASE_MS must be a positive number');
  });
});
