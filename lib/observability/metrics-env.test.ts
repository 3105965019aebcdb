import { describe, expect, it } from 'vitest';
import { metricsSettingsFromEnv } from './metrics-env';

describe('metrics settings from the environment', () => {
  it('defaults: on, a 15 s store read, behind the token, no port of its own', () => {
    expect(metricsSettingsFromEnv({})).toEqual({ enabled: true, pollIntervalMs: 15_000, public: false, port: undefined });
  });

  it('reads FLOWDECK_METRICS, FLOWDECK_METRICS_POLL_MS, FLOWDECK_METRICS_PUBLIC and FLOWDECK_METRICS_PORT', () => {
    expect(metricsSettingsFromEnv({ FLOWDECK_METRICS: 'OFF', FLOWDECK_METRICS_POLL_MS: '1000', FLOWDECK_METRICS_PUBLIC: '1', FLOWDECK_METRICS_PORT: '9464' })).toEqual({
      enabled: false,
      pollIntervalMs: 1000,
      public: true,
      port: 9464,
    });
  });

  it('refuses values it does not know, naming the variable', () => {
    expect(() => metricsSettingsFromEnv({ FLOWDECK_METRICS: 'maybe' })).toThrow("FLOWDECK_METRICS must be one of 'on', 'off', got 'maybe'");
    expect(() => metricsSettingsFromEnv({ FLOWDECK_METRICS_POLL_MS: '0' })).toThrow('FLOWDECK_METRICS_POLL_MS must be a positive number');
    expect(() => metricsSettingsFromEnv({ FLOWDECK_METRICS_PUBLIC: 'yes' })).toThrow("FLOWDECK_METRICS_PUBLIC must be one of '0', '1', got 'yes'");
    expect(() => metricsSettingsFromEnv({ FLOWDECK_METRICS_PORT: '70000' })).toThrow('FLOWDECK_METRICS_PORT must be a port number');
    expect(() => metricsSettingsFromEnv({ FLOWDECK_METRICS_PORT: '12.5' })).toThrow('FLOWDECK_METRICS_PORT must be a port number');
  });
});
