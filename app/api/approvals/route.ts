// GET /api/approvals: instances waiting for an external event.
import { route, routes } from '@/lib/api/next-routes';
import { listApprovalsHandler } from '@/lib/api/workflow-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listApprovalsHandler) });
