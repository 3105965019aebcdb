// The /api/webhooks handlers on this server process's database (what the route files under app/api/webhooks bind).
import 'server-only';
import { getEngineHost } from '../server/engine-host';
import { webhookHandlers } from './webhook-handlers';

/** The /api/webhooks handlers on the engine host's database. */
export const processWebhookHandlers = webhookHandlers(async () => (await getEngineHost()).prisma);
