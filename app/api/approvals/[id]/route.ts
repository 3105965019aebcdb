// GET /api/approvals/{id}: one approval request, with its instance's status.
import { route, routes } from '@/lib/api/next-routes';
import { getApprovalRequestHandler } from '@/lib/api/approval-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(getApprovalRequestHandler) });
