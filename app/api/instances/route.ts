// GET /api/instances: filtered, sorted, cursor-paged instances with counts by status.
import { listInstancesHandler } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';
import { INSTANCE_LIST_PARAMS } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listInstancesHandler, { listParams: INSTANCE_LIST_PARAMS }) });
