// POST /api/approvals/{id}/decision: approve or reject, once (approvers: the requests assigned to them).
import { route, routes } from '@/lib/api/next-routes';
import { decideApprovalHandler } from '@/lib/api/approval-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({ POST: route(decideApprovalHandler, { role: 'approver' }) });
