// POST /api/workflows/{name}/start: starts an instance.
import { route, routes } from '@/lib/api/next-routes';
import { startWorkflowHandler } from '@/lib/api/workflow-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ POST: route(startWorkflowHandler, { operation: 'start' }) });
