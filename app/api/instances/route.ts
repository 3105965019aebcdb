// GET /api/instances: filtered, sorted, cursor-paged instances with counts by status.
import { listInstancesHandler } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE } = routes({ GET: route(listInstancesHandler) });
