// The metrics settings the environment gives: FLOWDECK_METRICS, FLOWDECK_METRICS_POLL_MS, FLOWDECK_METRICS_PUBLIC,
// FLOWDECK_METRICS_PORT (see docs/OPERATIONS.md).

/** What the environment says about metrics. */
export interface MetricsSettings {
  /** FLOWDECK_METRICS=off turns metrics off (no /metrics, no hooks on the hot path); default on. */
  enabled: boolean;
  /** FLOWDECK_METRICS_POLL_MS: how often instance counts and the backlog are read from the database (default 15000). */
  pollIntervalMs: number;
  /** FLOWDECK_METRICS_PUBLIC=1: /metrics needs no token. */
  public: boolean;
  /** FLOWDECK_METRICS_PORT: the port a standalone worker serves /metrics on (absent: none). */
  port?: number;
}

/** Reads the metrics settings; throws a RangeError naming the variable for a value it does not accept. */
export function metricsSettingsFromEnv(env: Record<string, string | undefined> = process.env): MetricsSettings {
  const enabled = oneOf('FLOWDECK_METRICS', env.FLOWDECK_METRICS, ['on', 'off'], 'on') === 'on';
  const pollIntervalMs = positive('FLOWDECK_METRICS_POLL_MS', env.FLOWDECK_METRICS_POLL_MS) ?? 15_000;
  const isPublic = oneOf('FLOWDECK_METRICS_PUBLIC', env.FLOWDECK_METRICS_PUBLIC, ['0', '1'], '0') === '1';
  const port = positive('FLOWDECK_METRICS_PORT', env.FLOWDECK_METRICS_PORT);
  if (port !== undefined && (!Number.isInteger(port) || port > 65_535)) throw new RangeError(`FLOWDECK_METRICS_PORT must be a port number, got '${env.FLOWDECK_METRICS_PORT}'`);
  return { enabled, pollIntervalMs, public: isPublic, port };
}

function oneOf<T extends string>(variable: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) throw new RangeError(`${variable} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${raw}'`);
  return value;
}

function positive(variable: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${variable} must be a positive number, got '${raw}'`);
  return value;
}
