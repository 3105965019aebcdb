// GET /api/webhooks (list) and POST /api/webhooks (add): approval webhooks, admins only.
import { route, routes } from '@/lib/api/next-routes';
import { processWebhookHandlers } from '@/lib/webhooks/process-webhook-handlers';
import { WEBHOOK_ROUTE_ROLE } from '@/lib/webhooks/webhook-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(processWebhookHandlers.list, { role: WEBHOOK_ROUTE_ROLE }), POST: route(processWebhookHandlers.create, { role: WEBHOOK_ROUTE_ROLE }) });
