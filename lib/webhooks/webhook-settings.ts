// How approval webhooks are configured by the environment: the global URL, the signing secret, the attempts and
// back-off of retries, the inbox link's base and whether this process dispatches at all.

/** The variables the settings are read from (process.env, or a test's). */
export type Environment = Record<string, string | undefined>;

/** The webhook settings of a process. */
export interface WebhookSettings {
  /** FLOWDECK_WEBHOOKS=off: this process sends nothing (notices are still queued, another process sends them). */
  dispatch: boolean;
  /** FLOWDECK_APPROVAL_WEBHOOK_URL: told of every workflow's approval requests. */
  globalUrl?: string;
  /** FLOWDECK_WEBHOOK_SECRET: signs each body (X-Flowdeck-Signature: sha256=<hex HMAC-SHA256>). */
  secret?: string;
  /** FLOWDECK_WEBHOOK_MAX_ATTEMPTS (default 8): tries before a delivery is marked failed. */
  maxAttempts: number;
  /** FLOWDECK_WEBHOOK_BACKOFF_MS (default 1000): the pause after the first failed try; doubled after each further one. */
  backoffFirstMs: number;
  /** The longest pause between tries (ms). */
  backoffMaxMs: number;
  /** How long one POST may take (ms) before it counts as failed. */
  timeoutMs: number;
  /** FLOWDECK_WEBHOOK_POLL_MS (default 1000): how often the dispatcher looks for due deliveries. */
  pollIntervalMs: number;
  /** Where links in notices point: FLOWDECK_PUBLIC_URL, else http://HOST:PORT of this server. */
  publicBaseUrl: string;
  /** FLOWDECK_WEBHOOK_KEEP_DAYS (default 30): how long delivered and failed deliveries stay listed. */
  keepDays: number;
}

/** The longest pause between two tries of one delivery (5 minutes). */
export const BACKOFF_MAX_MS = 300_000;
/** How long one POST may take (10 s). */
export const DELIVERY_TIMEOUT_MS = 10_000;

function positiveNumber(env: Environment, variable: string, fallback: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${variable} must be a positive number, got '${raw}'`);
  return value;
}

/** The server's own address for links when FLOWDECK_PUBLIC_URL is not set (0.0.0.0 and :: are shown as localhost). */
function ownBaseUrl(env: Environment): string {
  const rawHost = env.HOST?.trim() || 'localhost';
  const host = rawHost === '0.0.0.0' || rawHost === '::' ? 'localhost' : rawHost.includes(':') ? `[${rawHost}]` : rawHost;
  return `http://${host}:${env.PORT?.trim() || '3000'}`;
}

/** The webhook settings the environment sets; throws on a number that is not positive. */
export function webhookSettingsFromEnv(env: Environment = process.env): WebhookSettings {
  return {
    dispatch: env.FLOWDECK_WEBHOOKS?.trim().toLowerCase() !== 'off',
    globalUrl: env.FLOWDECK_APPROVAL_WEBHOOK_URL?.trim() || undefined,
    secret: env.FLOWDECK_WEBHOOK_SECRET || undefined,
    maxAttempts: Math.floor(positiveNumber(env, 'FLOWDECK_WEBHOOK_MAX_ATTEMPTS', 8)),
    backoffFirstMs: positiveNumber(env, 'FLOWDECK_WEBHOOK_BACKOFF_MS', 1000),
    backoffMaxMs: BACKOFF_MAX_MS,
    timeoutMs: DELIVERY_TIMEOUT_MS,
    pollIntervalMs: positiveNumber(env, 'FLOWDECK_WEBHOOK_POLL_MS', 1000),
    publicBaseUrl: (env.FLOWDECK_PUBLIC_URL?.trim() || ownBaseUrl(env)).replace(/\/+$/, ''),
    keepDays: positiveNumber(env, 'FLOWDECK_WEBHOOK_KEEP_DAYS', 30),
  };
}

/** The pause before try `attempts + 1` after `attempts` failed ones: first, doubled each time, capped, plus up to 25 % jitter. */
export function retryDelayMs(attempts: number, settings: Pick<WebhookSettings, 'backoffFirstMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffFirstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (1 + random() / 4));
}
