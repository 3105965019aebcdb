// Sends the webhook outbox: claims due deliveries under a lease, POSTs each body (signed when a secret is set, 10 s
// timeout), records the outcome (delivered, retry after a back-off, or failed after the last attempt) and writes
// delivered/failed to the audit log. Backs off like the engine's workers while the database is down.
import { recordAudit } from '../audit/audit-log';
import { ClaimLoop } from '../engine/claim-loop';
import type { EngineLog } from '../engine/logs';
import { claimDueDeliveries, pruneDeliveries, recordAttempt, type ClaimedDelivery, type DeliveryAttempt } from './outbox';
import { auditedUrl } from './audited-url';
import { SIGNATURE_HEADER, signatureOf } from './signature';
import type { WebhookDb } from './webhook-registry';
import type { WebhookSettings } from './webhook-settings';

/** How long a claim on a delivery holds: the POST's timeout plus time to record it. */
export const DELIVERY_LEASE_MS = 60_000;
/** How often old delivered and failed deliveries are deleted (ms). */
const PRUNE_EVERY_MS = 3_600_000;
/** The most deliveries one process sends at once. */
const MAX_IN_FLIGHT = 8;
/** The most characters of a receiver's error answer kept as the delivery's last error. */
const ERROR_TEXT_CHARS = 300;

/** What the dispatcher needs: the database, its settings, the engine's log (shared outage lines) and a worker ID. */
export interface WebhookDispatcherOptions {
  db: WebhookDb;
  settings: WebhookSettings;
  log: EngineLog;
  workerId: string;
  /** How to POST (tests may pass their own; default: the global fetch). */
  fetch?: typeof fetch;
}

/** POSTs one delivery's body and tells what came of it; never throws. */
export async function postDelivery(delivery: ClaimedDelivery, settings: WebhookSettings, fetchImpl: typeof fetch = fetch): Promise<DeliveryAttempt> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Flowdeck-Webhooks',
    'X-Flowdeck-Event': delivery.kind,
    'X-Flowdeck-Delivery': delivery.id,
  };
  if (settings.secret) headers[SIGNATURE_HEADER] = signatureOf(delivery.body, settings.secret);
  try {
    const response = await fetchImpl(delivery.webhookUrl, { method: 'POST', headers, body: delivery.body, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs) });
    const text = await response.text().catch(() => '');
    if (response.ok) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}${text ? `: ${text.slice(0, ERROR_TEXT_CHARS)}` : ''}` };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, error: timedOut ? `no answer within ${settings.timeoutMs / 1000} s` : `${errorText(error)}` };
  }
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

function instanceOf(delivery: ClaimedDelivery): string | undefined {
  try {
    return (JSON.parse(delivery.body) as { request?: { instanceId?: string } }).request?.instanceId;
  } catch {
    return undefined;
  }
}

/** The process's webhook sender: a claim loop over the outbox. */
export class WebhookDispatcher {
  private readonly loop: ClaimLoop<ClaimedDelivery>;
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> | undefined;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.loop = new ClaimLoop<ClaimedDelivery>(
      {
        what: 'webhook deliveries',
        maxInFlight: MAX_IN_FLIGHT,
        batchSize: MAX_IN_FLIGHT,
        pollIntervalMs: options.settings.pollIntervalMs,
        claim: (limit) => claimDueDeliveries(options.db, options.workerId, limit, DELIVERY_LEASE_MS),
        handle: (delivery) => this.deliver(delivery),
      },
      options.log,
    );
  }

  /** Starts sending (pending rows left by an earlier run go first: they are the most overdue) and deleting old deliveries, at once and hourly. */
  start(): void {
    this.loop.start();
    if (this.pruneTimer) return;
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  /** Looks for due deliveries now (a notice was just queued). */
  wake(): void {
    this.loop.wake();
  }

  /** Stops claiming and waits for the POSTs in flight to be recorded (and a deletion under way). */
  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    this.pruneTimer = undefined;
    await this.loop.stop();
    await this.loop.settled();
    await this.pruning;
  }

  /** Deletes what is older than the settings keep (an outage only delays it to the next round). */
  private prune(): void {
    const { db, settings, log } = this.options;
    this.pruning ??= pruneDeliveries(db, new Date(Date.now() - settings.keepDays * 86_400_000))
      .then(() => undefined, (error: unknown) => log.message('warn', 'deleting old webhook deliveries failed; tried again in an hour', error))
      .finally(() => (this.pruning = undefined));
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { db, settings, workerId, log } = this.options;
    const attempt = await postDelivery(delivery, settings, this.options.fetch);
    let status;
    try {
      status = await recordAttempt(db, delivery, workerId, attempt, settings);
    } catch (error) {
      // The row keeps its lease until it expires; then it is sent again (at least once, never lost).
      log.message('warn', `recording webhook delivery ${delivery.id} failed; it will be tried again when its claim expires`, error);
      return;
    }
    if (status === 'delivered' || status === 'failed') await this.audit(delivery, status, attempt);
  }

  private audit(delivery: ClaimedDelivery, status: 'delivered' | 'failed', attempt: DeliveryAttempt): Promise<void> {
    return recordAudit({
      action: status === 'delivered' ? 'webhook.delivered' : 'webhook.failed',
      actor: { kind: 'system', name: 'Flowdeck webhooks' },
      instanceId: instanceOf(delivery),
      target: delivery.requestId,
      outcome: status === 'delivered' ? 'ok' : 'failed',
      ...(attempt.status !== undefined ? { status: attempt.status } : {}),
      details: { deliveryId: delivery.id, kind: delivery.kind, url: auditedUrl(delivery.webhookUrl), attempts: delivery.attempts, ...(attempt.error ? { error: attempt.error } : {}) },
    });
  }
}
