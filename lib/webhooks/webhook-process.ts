// This process's webhook dispatcher: started by the engine host unless FLOWDECK_WEBHOOKS=off, woken when a notice is
// queued here, stopped with the engine. Kept on globalThis (Next.js loads modules once per bundle).
import type { EngineLog } from '../engine/logs';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { WebhookDb } from './webhook-registry';
import { webhookSettingsFromEnv, type Environment } from './webhook-settings';

const KEY = Symbol.for('flowdeck.webhookDispatcher');
type Holder = { [KEY]?: WebhookDispatcher };

/** Starts the process's dispatcher on `db` unless FLOWDECK_WEBHOOKS=off (or one runs already); throws on bad settings. */
export function startWebhookDispatcher(db: WebhookDb, log: EngineLog, workerId: string, env: Environment = process.env): void {
  const holder = globalThis as Holder;
  const settings = webhookSettingsFromEnv(env);
  if (!settings.dispatch || holder[KEY]) return;
  holder[KEY] = new WebhookDispatcher({ db, settings, log, workerId });
  holder[KEY].start();
}

/** Stops the process's dispatcher, after the POSTs in flight are recorded. */
export async function stopWebhookDispatcher(): Promise<void> {
  const holder = globalThis as Holder;
  const dispatcher = holder[KEY];
  delete holder[KEY];
  await dispatcher?.stop();
}

/** Tells the process's dispatcher (if any) that a notice was queued. */
export function wakeWebhookDispatcher(): void {
  (globalThis as Holder)[KEY]?.wake();
}
