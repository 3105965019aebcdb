import { describe, expect, it } from 'vitest';
import { engineOptionsFromEnv } from './engine-env';

const env = (variables: Record<string, string>) => variables as NodeJS.ProcessEnv;

describe('engineOptionsFromEnv', () => {
  it('reads numbers and the direct hand-over switch', () => {
    expect(engineOptionsFromEnv(env({ FLOWDECK_LEASE_MS: '5000', FLOWDECK_DIRECT_HANDOVER: 'off' }))).toEqual({ leaseMs: 5000, directHandover: false });
    expect(engineOptionsFromEnv(env({ FLOWDECK_DIRECT_HANDOVER: 'on' }))).toEqual({ directHandover: true });
    expect(engineOptionsFromEnv(env({}))).toEqual({});
  });

  it('refuses a value it cannot read, naming the variable', () => {
    expect(() => engineOptionsFromEnv(env({ FLOWDECK_DIRECT_HANDOVER: 'false' }))).toThrow("FLOWDECK_DIRECT_HANDOVER must be 'on' or 'off', got 'false'");
    expect(() => engineOptionsFromEnv(env({ FLOWDECK_LEASE_MS: '-1' }))).toThrow('FLOWDECK_LEASE_MS must be a positive number');
  });
});
