// GET /api/instances/{id}/executions: the chain of a continued-as-new instance's executions.
import { executionsHandler } from '@/lib/api/instance-handlers';
import { route, routes } from '@/lib/api/next-routes';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(executionsHandler) });
