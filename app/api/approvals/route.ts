// GET /api/approvals: approval requests, a page in due order with true totals; POST: ask for a decision.
import { route, routes } from '@/lib/api/next-routes';
import { createApprovalRequestHandler, listApprovalRequestsHandler } from '@/lib/api/approval-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ GET: route(listApprovalRequestsHandler), POST: route(createApprovalRequestHandler) });
