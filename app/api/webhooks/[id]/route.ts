// DELETE /api/webhooks/{id}: removes an approval webhook (admins only).
import { route, routes } from '@/lib/api/next-routes';
import { processWebhookHandlers } from '@/lib/webhooks/process-webhook-handlers';
import { WEBHOOK_ROUTE_ROLE } from '@/lib/webhooks/webhook-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ DELETE: route(processWebhookHandlers.remove, { role: WEBHOOK_ROUTE_ROLE }) });
