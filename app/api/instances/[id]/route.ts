// GET /api/instances/{id}: one instance in detail. POST /api/instances/bulk: bulk actions (the only POST here).
import { bulkHandler, instanceDetailHandler } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes(
  { GET: route(instanceDetailHandler), POST: route(bulkHandler) },
  { allowed: ({ id }) => (id === 'bulk' ? ['GET', 'POST'] : ['GET']) },
);
