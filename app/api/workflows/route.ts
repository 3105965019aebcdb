// GET /api/workflows: the registered workflows and the ones apps declared, with description, example input and events.
import { route, routes } from '@/lib/api/next-routes';
import { listWorkflowsHandler } from '@/lib/api/workflow-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listWorkflowsHandler) });
