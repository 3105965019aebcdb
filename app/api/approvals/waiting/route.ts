// GET /api/approvals/waiting: instances waiting for an external event (with or without an approval request).
import { route, routes } from '@/lib/api/next-routes';
import { listApprovalsHandler } from '@/lib/api/workflow-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listApprovalsHandler) });
