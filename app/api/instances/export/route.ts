// GET /api/instances/export?format=csv|json&…: every instance under the list's filters, as a streamed download.
import { exportInstancesHandler } from '@/lib/api/export-handlers';
import { route, routes } from '@/lib/api/next-routes';
import { INSTANCE_LIST_PARAMS } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(exportInstancesHandler, { listParams: INSTANCE_LIST_PARAMS }) });
